// Runs one project's tests (unit and integration) with node's test runner: the Nx `test` target.
import { nodeTestArgs, run, testGlobs } from './workspace.ts';

const projectRoot = process.argv[2];
if (!projectRoot) {
  console.error('usage: node tools/scripts/run-tests.ts <project root>');
  process.exit(2);
}
process.exit(await run(process.execPath, nodeTestArgs(testGlobs([projectRoot]))));
