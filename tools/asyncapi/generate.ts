// `node tools/asyncapi/generate.ts`: writes docs/asyncapi.yaml, the AsyncAPI 3.0 document of the
// Kafka topics, from schemas/topics.json (channels, their `producers` and `consumers`) and the
// Avro schemas (messages, by reference). `--check` renders it in memory and exits 1, naming the
// file, when the checked-in document differs (npm test runs it, as it does the contracts').
// How the document is made and checked: docs/asyncapi.md.
//
// Options: --root <dir> reads <dir>/schemas, <dir>/services and <dir>/package.json, and writes or
// checks <dir>/docs/asyncapi.yaml, instead of this workspace's.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DOCUMENT, generateAsyncApi, isCurrent } from './document.ts';

const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      root: { type: 'string', default: WORKSPACE },
    },
  });
  const root = resolve(values.root);
  const path = join(root, DOCUMENT);
  if (values.check) {
    if (await isCurrent(root, WORKSPACE)) {
      console.log(`asyncapi: ${path} is up to date`);
      return 0;
    }
    console.error(
      `asyncapi: ${path} is stale; run \`node tools/asyncapi/generate.ts\` and commit the result`,
    );
    return 1;
  }
  writeFileSync(path, await generateAsyncApi(root, WORKSPACE));
  console.log(`asyncapi: wrote ${path}`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`asyncapi: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
