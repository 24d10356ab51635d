// What every generator runs once its files are on disk (a GeneratorCallback: the tools read the
// work tree, not Nx's Tree): the contracts from schemas/, the AsyncAPI documents from topics.json
// and the schemas, and the Helm chart's copies of topics.json (when the chart exists). Each runs
// the workspace's own script in the workspace the generator wrote to, so a scratch copy
// regenerates itself.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { GeneratorCallback, Tree } from '@nx/devkit';
import { logger } from '@nx/devkit';

interface Step {
  readonly what: string;
  readonly args: (root: string) => readonly string[];
  /** Whether the workspace has what the step regenerates (default: always). */
  readonly applies?: (root: string) => boolean;
}

const tsc = (root: string): string =>
  createRequire(`${root}/package.json`).resolve('typescript/bin/tsc');

/** In order: the schema tools read the Avro walk from @meridian/contracts' build. */
export const REGENERATION: readonly Step[] = [
  { what: 'build libs/contracts', args: (root) => [tsc(root), '-b', 'libs/contracts'] },
  { what: 'contracts', args: () => ['tools/contracts/generate.ts'] },
  { what: 'AsyncAPI documents', args: () => ['tools/asyncapi/generate.ts'] },
  {
    what: 'Helm chart files',
    args: () => ['tools/helm/sync.ts'],
    applies: (root) => existsSync(join(root, 'helm/meridian/Chart.yaml')),
  },
];

/** The callback that regenerates what derives from schemas/ in the tree's workspace. */
export function regenerate(tree: Tree): GeneratorCallback {
  return () => {
    for (const step of REGENERATION.filter((s) => s.applies?.(tree.root) ?? true)) {
      logger.info(`regenerating ${step.what}`);
      execFileSync(process.execPath, step.args(tree.root), { cwd: tree.root, stdio: 'inherit' });
    }
  };
}
