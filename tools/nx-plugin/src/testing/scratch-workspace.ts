// A scratch copy of the workspace for the generators' acceptance test: the work tree's files (git
// ls-files, untracked ones included), the projects' dist/ with their timestamps (so `tsc -b` only
// builds what changed), and a node_modules of symlinks to the workspace's packages, except
// @meridian/*, which point into the copy: the copy's code sees the copy's regenerated contracts.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface ScratchWorkspace {
  readonly root: string;
  /** Removes the copy. */
  remove(): void;
}

/** The work tree's files: tracked and untracked ones, not ignored, that exist. */
function workTreeFiles(root: string): string[] {
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return [...new Set(listed.split('\0').filter(Boolean))].filter((f) => existsSync(join(root, f)));
}

/** Folders holding a project's build output: `<libs|services>/<name>/dist`, `e2e/dist`. */
function distFolders(root: string): string[] {
  const inKind = (kind: string): string[] =>
    existsSync(join(root, kind))
      ? readdirSync(join(root, kind)).map((name) => `${kind}/${name}/dist`)
      : [];
  return [...inKind('libs'), ...inKind('services'), 'e2e/dist'].filter((d) =>
    existsSync(join(root, d)),
  );
}

/** node_modules of `copy`: every entry a symlink to `source`'s, @meridian's into the copy. */
function linkNodeModules(source: string, copy: string): void {
  const from = join(source, 'node_modules');
  const to = join(copy, 'node_modules');
  mkdirSync(join(to, '@meridian'), { recursive: true });
  for (const entry of readdirSync(from)) {
    if (entry === '@meridian') continue;
    symlinkSync(join(from, entry), join(to, entry));
  }
  // Each workspace package's link, relative as npm writes it (../../libs/contracts), now resolves
  // inside the copy.
  for (const entry of readdirSync(join(from, '@meridian'))) {
    const target = readlinkSync(join(from, '@meridian', entry));
    symlinkSync(target, join(to, '@meridian', entry));
  }
}

/** Copies the workspace at `source` into a fresh folder under the system's temp directory. */
export function copyWorkspace(source: string): ScratchWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'meridian-generators-'));
  for (const file of workTreeFiles(source)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(source, file), join(root, file), { preserveTimestamps: true });
  }
  for (const dist of distFolders(source)) {
    cpSync(join(source, dist), join(root, dist), { recursive: true, preserveTimestamps: true });
  }
  linkNodeModules(resolve(source), root);
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Makes the copy a git repository with one commit: the base the schema gate compares with. */
export function commitBase(root: string): void {
  const git = (...args: string[]): void => {
    execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  };
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git(
    '-c',
    'user.name=generators',
    '-c',
    'user.email=generators@meridian.invalid',
    'commit',
    '-q',
    '-m',
    'base',
  );
}
