import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Project roots (relative) of one kind: `libs` or `services`. */
export function projects(kind: 'libs' | 'services'): string[] {
  const dir = join(ROOT, kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'project.json')))
    .sort()
    .map((name) => `${kind}/${name}`);
}

/** Each service owns one PostgreSQL database, named after its folder (`encounter-ingest` -> `encounter_ingest`). */
export function serviceDatabase(projectRoot: string): string {
  const name = projectRoot.split('/').pop() ?? projectRoot;
  return name.replace(/-/g, '_');
}

/** Test files are compiled with their project into dist; tools' own specs run as TypeScript. */
export function testGlobs(projectRoots: readonly string[]): string[] {
  return projectRoots.map((p) => (p === 'tools' ? 'tools/**/*.spec.ts' : `${p}/dist/**/*.spec.js`));
}

/** Runs a command with inherited output; resolves with its exit code. */
export function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
    child.once('error', reject);
    child.once('close', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

/** A command's exit code (1 when killed) and its stdout and stderr together, for a message. */
export interface Captured {
  readonly code: number;
  readonly output: string;
}

/** Runs a command with its output captured; rejects only when it cannot be started. */
export function capture(
  command: string,
  args: readonly string[],
  options: { cwd?: string } = {},
): Promise<Captured> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (status) => resolvePromise({ code: status ?? 1, output }));
  });
}

/** node's own test runner over the given globs; TAP copy in `tapFile` for counting. */
export function nodeTestArgs(globs: readonly string[], tapFile?: string): string[] {
  return [
    '--test',
    '--test-timeout=180000',
    // A test file whose tests are done exits even if a client left a handle open: a hang would
    // otherwise stall the whole run.
    '--test-force-exit',
    // One file at a time: side by side, a broker that has just started can answer a new topic's
    // first requests with UNKNOWN_TOPIC_OR_PARTITION (seen on a fresh machine).
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    ...(tapFile ? ['--test-reporter=tap', `--test-reporter-destination=${tapFile}`] : []),
    ...globs,
  ];
}
