// Earlier versions of every subject, from git: the catalogue at each commit on HEAD's history that
// touched schemas/, reduced to the distinct bundled schemas per subject in chronological order.
import { execFileSync } from 'node:child_process';
import type { AvroJson, AvroObject } from '@meridian/contracts';
import type { Catalog } from './catalog.ts';
import { loadCatalog } from './catalog.ts';
import { gitSource } from './source.ts';

export interface Commit {
  readonly sha: string;
  /** Committer date, ISO 8601. */
  readonly date: string;
}

export interface SchemaVersion {
  /** The first commit that has this schema. */
  readonly commit: Commit;
  readonly schema: AvroObject;
}

export interface SubjectHistory {
  /** Distinct schemas, oldest first (by the commit that introduced each). */
  readonly versions: readonly SchemaVersion[];
  /** Index of the schema at the newest commit that has the subject: "the latest" for non-transitive modes. */
  readonly latest: number;
}

export interface History {
  readonly commits: readonly Commit[];
  readonly subjects: ReadonlyMap<string, SubjectHistory>;
  /** Commits whose catalogue does not load, with the reason. */
  readonly skipped: readonly { readonly commit: Commit; readonly reason: string }[];
}

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

export function git(root: string, ...args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new GitError(`git ${args.join(' ')}: ${stderr || (error as Error).message}`);
  }
}

/** A commit-ish resolved to a full sha, or undefined when it names nothing. */
export function resolveCommit(root: string, rev: string): string | undefined {
  try {
    return git(root, 'rev-parse', '--verify', '--quiet', `${rev}^{commit}`).trim() || undefined;
  } catch {
    return undefined;
  }
}

export function commitOf(root: string, sha: string): Commit {
  const [full = sha, date = ''] = git(root, 'show', '-s', '--format=%H%x09%cI', sha)
    .trim()
    .split('\t');
  return { sha: full, date };
}

export const shortSha = (commit: Commit): string => commit.sha.slice(0, 7);
export const day = (commit: Commit): string => commit.date.slice(0, 10);

/** Commits on HEAD's history that touched schemas/, oldest first; none in a repository without commits. */
export function schemaCommits(root: string): Commit[] {
  if (!resolveCommit(root, 'HEAD')) return [];
  return git(root, 'log', '--format=%H%x09%cI', 'HEAD', '--', 'schemas')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [sha = '', date = ''] = line.split('\t');
      return { sha, date };
    })
    .reverse();
}

/** JSON with object keys sorted: equal for schemas that differ only in key order or whitespace. */
export function stableKey(value: AvroJson): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableKey(value[key] ?? null)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Folds catalogues (oldest first) into each subject's distinct versions. */
export function collectVersions(
  catalogs: readonly { readonly commit: Commit; readonly catalog: Catalog }[],
): Map<string, SubjectHistory> {
  const building = new Map<string, { versions: SchemaVersion[]; keys: string[]; latest: number }>();
  for (const { commit, catalog } of catalogs) {
    for (const subject of catalog.subjects) {
      let entry = building.get(subject.subject);
      if (!entry) building.set(subject.subject, (entry = { versions: [], keys: [], latest: 0 }));
      const key = stableKey(subject.schema);
      let index = entry.keys.indexOf(key);
      if (index < 0) {
        index = entry.versions.length;
        entry.keys.push(key);
        entry.versions.push({ commit, schema: subject.schema });
      }
      entry.latest = index;
    }
  }
  return new Map(
    [...building].map(([subject, { versions, latest }]) => [subject, { versions, latest }]),
  );
}

export function loadHistory(
  root: string,
  loadAt: (commit: Commit) => Catalog = (commit) => loadCatalog(gitSource(root, commit.sha)),
): History {
  const commits = schemaCommits(root);
  const loaded: { commit: Commit; catalog: Catalog }[] = [];
  const skipped: { commit: Commit; reason: string }[] = [];
  for (const commit of commits) {
    try {
      loaded.push({ commit, catalog: loadAt(commit) });
    } catch (error) {
      skipped.push({ commit, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { commits, subjects: collectVersions(loaded), skipped };
}

export interface Base {
  readonly commit: Commit;
  /** How it was found, e.g. "merge-base with origin/main". */
  readonly label: string;
}

/**
 * The commit `check` compares the work tree with to find changed subjects: `requested` as given,
 * else the merge base of HEAD with origin/main, else with main. Undefined without a usable base.
 */
export function resolveBase(root: string, requested?: string): Base | undefined {
  if (requested !== undefined) {
    const sha = resolveCommit(root, requested);
    if (!sha) throw new GitError(`--base ${requested}: not a commit in ${root}`);
    return { commit: commitOf(root, sha), label: requested };
  }
  if (!resolveCommit(root, 'HEAD')) return undefined;
  for (const ref of ['origin/main', 'main']) {
    if (!resolveCommit(root, ref)) continue;
    try {
      const sha = git(root, 'merge-base', 'HEAD', ref).trim();
      return { commit: commitOf(root, sha), label: `merge-base with ${ref}` };
    } catch {
      // unrelated histories: try the next
    }
  }
  return undefined;
}
