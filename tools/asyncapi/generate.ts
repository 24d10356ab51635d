// `node tools/asyncapi/generate.ts`: writes docs/asyncapi.yaml, the AsyncAPI 3.0 document of the
// Kafka topics, from schemas/topics.json (channels, their `producers` and `consumers`) and the
// Avro schemas (messages, by reference), and the self-contained copy observability serves at
// GET /asyncapi.yaml (services/observability/src/ui/public/asyncapi.yaml, Avro schemas inline).
// `--check` renders both in memory and exits 1, naming each stale file, when a checked-in one
// differs (npm test runs it, as it does the contracts').
// How the document is made and checked: docs/asyncapi.md.
//
// Options: --root <dir> reads <dir>/schemas, <dir>/services and <dir>/package.json, and writes or
// checks the documents under <dir>, instead of this workspace's.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DOCUMENTS, generateAsyncApi, staleDocuments } from './document.ts';

const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      root: { type: 'string', default: WORKSPACE },
    },
  });
  const root = resolve(values.root);
  if (values.check) {
    const stale = await staleDocuments(root, WORKSPACE);
    if (stale.length === 0) {
      console.log(`asyncapi: ${DOCUMENTS.map((d) => d.path).join(' and ')} are up to date`);
      return 0;
    }
    for (const path of stale)
      console.error(
        `asyncapi: ${join(root, path)} is stale; run \`node tools/asyncapi/generate.ts\` and commit the result`,
      );
    return 1;
  }
  for (const [path, text] of await generateAsyncApi(root, WORKSPACE)) {
    writeFileSync(join(root, path), text);
    console.log(`asyncapi: wrote ${join(root, path)}`);
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`asyncapi: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
