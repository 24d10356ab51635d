// `npm run contracts`: generates libs/contracts/src/generated from schemas/ (records, enums and
// message contracts per domain, topics.ts, index.ts). `npm run contracts -- --check` regenerates in
// memory and exits 1, listing the stale files, when the checked-in output differs (CI).
//
// Options: --root <dir> reads <dir>/schemas instead of this workspace's; --out <dir> writes (or
// checks) <dir> instead of <root>/libs/contracts/src/generated.
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCatalog } from '../schemas/catalog.ts';
import { workTreeSource } from '../schemas/source.ts';
import { describeDrift, drift, formatFiles, isStale, write } from './output.ts';
import { renderContracts } from './render.ts';

const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATED = 'libs/contracts/src/generated';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      root: { type: 'string', default: WORKSPACE },
      out: { type: 'string' },
    },
  });
  const root = resolve(values.root);
  const out = resolve(values.out ?? join(root, GENERATED));
  const inCwd = relative(process.cwd(), out);
  const shown = inCwd.startsWith('..') || isAbsolute(inCwd) ? out : inCwd || '.';
  // Formatting always follows this workspace's prettier configuration, wherever the output goes.
  const files = await formatFiles(
    renderContracts(loadCatalog(workTreeSource(root))),
    join(WORKSPACE, GENERATED),
  );

  if (values.check) {
    const d = drift(out, files);
    if (!isStale(d)) {
      console.log(`contracts: ${shown} is up to date (${files.size} files)`);
      return 0;
    }
    console.error(`contracts: ${shown} is stale; run \`npm run contracts\` and commit the result:`);
    for (const line of describeDrift(d)) console.error(`  ${line}`);
    return 1;
  }
  const d = write(out, files);
  const changes = [
    ...d.changed.map((name) => `updated ${name}`),
    ...d.missing.map((name) => `created ${name}`),
    ...d.extra.map((name) => `removed ${name}`),
  ];
  console.log(`contracts: ${shown}: ${files.size} files, ${changes.length} changed`);
  for (const line of changes) console.log(`  ${line}`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`contracts: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
