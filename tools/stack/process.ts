import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StackError } from './errors.ts';

export interface Daemon {
  readonly name: string;
  readonly pidFile: string;
  readonly logFile: string;
}

export function readPid(daemon: Daemon): number | undefined {
  if (!existsSync(daemon.pidFile)) return undefined;
  const pid = Number(readFileSync(daemon.pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid this stack started for the daemon, if that process still runs. */
export function runningPid(daemon: Daemon): number | undefined {
  const pid = readPid(daemon);
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

/** Starts a long-running process detached from this CLI, output appended to its log file. */
export function startDaemon(
  daemon: Daemon,
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): number {
  mkdirSync(dirname(daemon.logFile), { recursive: true });
  mkdirSync(dirname(daemon.pidFile), { recursive: true });
  const log = openSync(daemon.logFile, 'a');
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    if (child.pid === undefined)
      throw new StackError(`could not start ${daemon.name} (${command}).`);
    child.unref();
    writeFileSync(daemon.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/**
 * Stops the process this stack started (`signal`, SIGTERM by default, then SIGKILL after the grace
 * period).
 */
export async function stopDaemon(
  daemon: Daemon,
  graceMs = 30_000,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<'stopped' | 'not running'> {
  const pid = runningPid(daemon);
  if (pid === undefined) {
    rmSync(daemon.pidFile, { force: true });
    return 'not running';
  }
  process.kill(pid, signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(daemon.pidFile, { force: true });
  return 'stopped';
}

/** Fails with a one-line reason when another process already listens on one of the ports. */
export async function assertPortsFree(
  ports: readonly number[],
  what: string,
  variables: string,
): Promise<void> {
  for (const port of ports) {
    if (!(await portIsFree(port))) {
      throw new StackError(
        `Port ${port} is taken by another process, so ${what} cannot listen there: stop that process or set ${variables}.`,
      );
    }
  }
}

/** True when nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/**
 * Polls `check` until it answers true, printing a dot every few seconds so a long start is
 * never silent. Fails with the daemon's last log lines when the process dies or time runs out.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; daemon?: Daemon; progress?: (line: string) => void },
): Promise<void> {
  const started = Date.now();
  let lastDot = started;
  for (;;) {
    if (await check()) return;
    const pid = options.daemon ? readPid(options.daemon) : undefined;
    if (options.daemon && (pid === undefined || !isAlive(pid))) {
      throw new StackError(
        `${what} exited during start-up; see ${options.daemon.logFile}${tail(options.daemon.logFile)}`,
      );
    }
    if (Date.now() - started > options.timeoutMs) {
      const log = options.daemon
        ? `; see ${options.daemon.logFile}${tail(options.daemon.logFile)}`
        : '';
      throw new StackError(
        `${what} did not become healthy within ${options.timeoutMs / 1000} s${log}`,
      );
    }
    if (Date.now() - lastDot > 5_000) {
      options.progress?.(
        `  ... waiting for ${what} (${Math.round((Date.now() - started) / 1000)} s)`,
      );
      lastDot = Date.now();
    }
    await sleep(500);
  }
}

function tail(file: string, lines = 5): string {
  if (!existsSync(file)) return '';
  const last = readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines);
  return `\n  last log lines:\n    ${last.join('\n    ')}`;
}
