// Formats the generated files with the workspace's prettier configuration and brings the output
// directory in line with them (write), or reports where it differs (check). The directory is owned
// by the generator: whatever it did not generate is removed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';

/**
 * Runs prettier over each file as if it lived at `<configDir>/<name>`, so the output is the same
 * whichever directory it is written to.
 */
export async function formatFiles(
  files: ReadonlyMap<string, string>,
  configDir: string,
): Promise<Map<string, string>> {
  const formatted = new Map<string, string>();
  for (const [name, text] of files) {
    const filepath = join(configDir, name);
    const options = (await resolveConfig(filepath, { editorconfig: true })) ?? {};
    formatted.set(name, await format(text, { ...options, filepath }));
  }
  return formatted;
}

export interface Drift {
  /** Generated files whose content differs from the file on disk. */
  readonly changed: readonly string[];
  /** Generated files not on disk. */
  readonly missing: readonly string[];
  /** Files on disk the generator did not generate (their types vanished). */
  readonly extra: readonly string[];
}

/** How `dir` differs from `files`. */
export function drift(dir: string, files: ReadonlyMap<string, string>): Drift {
  const present = existsSync(dir) ? readdirSync(dir).sort() : [];
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [name, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!present.includes(name)) missing.push(name);
    else if (readFileSync(join(dir, name), 'utf8') !== text) changed.push(name);
  }
  return { changed, missing, extra: present.filter((name) => !files.has(name)) };
}

export function isStale(d: Drift): boolean {
  return d.changed.length + d.missing.length + d.extra.length > 0;
}

/** Writes the files that differ and removes the ones not generated; returns what it did. */
export function write(dir: string, files: ReadonlyMap<string, string>): Drift {
  const d = drift(dir, files);
  mkdirSync(dir, { recursive: true });
  for (const name of [...d.changed, ...d.missing])
    writeFileSync(join(dir, name), files.get(name) ?? '');
  for (const name of d.extra) rmSync(join(dir, name), { recursive: true, force: true });
  return d;
}

/** One line per stale file: `changed clinical.ts`, `missing topics.ts`, `extra Old.ts`. */
export function describeDrift(d: Drift): string[] {
  return [
    ...d.changed.map((name) => `changed ${name}`),
    ...d.missing.map((name) => `missing ${name}`),
    ...d.extra.map((name) => `extra   ${name}`),
  ];
}
