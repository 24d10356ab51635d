// Files a generator creates: written once, never overwritten. The file found and the content to
// write are compared as prettier writes them (formatFiles runs after the generator), so a second
// run with the same options changes nothing, and a file with other content is refused by name.
import { join } from 'node:path';
import type { Tree } from '@nx/devkit';
import { format, resolveConfig } from 'prettier';

/** `content` as the workspace's prettier configuration writes the file at `path`. */
export async function formatted(tree: Tree, path: string, content: string): Promise<string> {
  const file = join(tree.root, path);
  return format(content, { ...(await resolveConfig(file)), filepath: file });
}

/**
 * Creates `path` with `content`; false when it already holds exactly that. A file with other
 * content is an error naming it (a generator refuses to overwrite).
 */
export async function createFile(tree: Tree, path: string, content: string): Promise<boolean> {
  const existing = tree.read(path, 'utf-8');
  if (existing === null) {
    tree.write(path, await formatted(tree, path, content));
    return true;
  }
  const [mine, theirs] = await Promise.all([
    formatted(tree, path, content),
    formatted(tree, path, existing),
  ]);
  if (mine === theirs) return false;
  throw new Error(`${path} already exists (with other content); not overwriting it`);
}
