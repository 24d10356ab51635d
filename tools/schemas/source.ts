import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CatalogSource } from './catalog.ts';

/** The catalogue as it is in the work tree under `root`. */
export function workTreeSource(root: string): CatalogSource {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name.endsWith('.avsc') ? [relative(root, path)] : [];
    });
  return {
    listSchemaFiles: () => walk(join(root, 'schemas')),
    read: (path) => readFileSync(join(root, path), 'utf8'),
  };
}

/** The catalogue as it was at a commit (git show), for checks against earlier versions. */
export function gitSource(root: string, commit: string): CatalogSource {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return {
    listSchemaFiles: () =>
      git('ls-tree', '-r', '--name-only', commit, '--', 'schemas')
        .split('\n')
        .filter((path) => path.endsWith('.avsc')),
    read: (path) => git('show', `${commit}:${path}`),
  };
}
