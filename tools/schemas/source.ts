import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CatalogError, type CatalogSource } from './catalog.ts';

const MAX_BUFFER = 256 * 1024 * 1024;

/** The catalogue as it is in the work tree under `root`. */
export function workTreeSource(root: string): CatalogSource {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name.endsWith('.avsc') ? [relative(root, path)] : [];
    });
  return {
    listSchemaFiles: () => (existsSync(join(root, 'schemas')) ? walk(join(root, 'schemas')) : []),
    read: (path) => {
      const file = join(root, path);
      if (!existsSync(file)) throw new CatalogError(`${path}: not found`);
      return readFileSync(file, 'utf8');
    },
  };
}

/**
 * The catalogue as it was at a commit, for checks against earlier versions. The first access reads
 * every file under `schemas/` at that commit with two git processes (ls-tree, cat-file --batch).
 */
export function gitSource(root: string, commit: string): CatalogSource {
  let files: ReadonlyMap<string, string> | undefined;
  const load = (): ReadonlyMap<string, string> => (files ??= readTree(root, commit));
  return {
    listSchemaFiles: () => [...load().keys()].filter((path) => path.endsWith('.avsc')),
    read: (path) => {
      const text = load().get(path);
      if (text === undefined) throw new CatalogError(`${path}: not found at ${commit.slice(0, 7)}`);
      return text;
    },
  };
}

/** Every blob under `schemas/` at `commit`, by path relative to `root`. */
function readTree(root: string, commit: string): Map<string, string> {
  // --full-tree: paths from the repository's top, whatever `root` is; then made relative to root.
  const prefix = execFileSync('git', ['rev-parse', '--show-prefix'], {
    cwd: root,
    encoding: 'utf8',
  }).trim();
  const listing = execFileSync(
    'git',
    ['ls-tree', '-r', '-z', '--full-tree', commit, '--', `${prefix}schemas`],
    { cwd: root, encoding: 'utf8', maxBuffer: MAX_BUFFER },
  );
  const blobs = listing
    .split('\0')
    .filter((line) => line.length > 0)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [, type, sha] = line.slice(0, tab).split(' ');
      return { type, sha: sha ?? '', path: line.slice(tab + 1).slice(prefix.length) };
    })
    .filter((entry) => entry.type === 'blob');
  const files = new Map<string, string>();
  if (blobs.length === 0) return files;
  const output = execFileSync('git', ['cat-file', '--batch'], {
    cwd: root,
    input: blobs.map((b) => b.sha).join('\n') + '\n',
    maxBuffer: MAX_BUFFER,
  });
  // Output per object: "<sha> blob <size>\n<content>\n".
  let offset = 0;
  for (const blob of blobs) {
    const headerEnd = output.indexOf(0x0a, offset);
    const size = Number(output.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
    const start = headerEnd + 1;
    files.set(blob.path, output.subarray(start, start + size).toString('utf8'));
    offset = start + size + 1;
  }
  return files;
}
