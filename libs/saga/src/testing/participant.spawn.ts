// Runs a participant as a child process (participant.process.ts), for tests that kill it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { successes } from './participant-behaviour.js';
import type { ParticipantConfig } from './participant.config.js';

const PROCESS_SCRIPT = fileURLToPath(new URL('./participant.process.js', import.meta.url));

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ParticipantProcess {
  readonly pid: number;
  readonly exited: Promise<Exit>;
  /** SIGKILL by default: the crash. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
  /** SIGTERM: finishes the command in flight, then exits 0. */
  stop(): Promise<Exit>;
  /** The last lines the process wrote to stderr (its logs), for failure messages. */
  stderr(): string;
}

/** Spawns a participant process and resolves once it printed `ready`. */
export async function spawnParticipant(
  config: ParticipantConfig,
  options: { readonly env?: NodeJS.ProcessEnv; readonly readyTimeoutMs?: number } = {},
): Promise<ParticipantProcess> {
  for (const [command, behaviour] of Object.entries(config.behaviours)) {
    if (successes(behaviour).some((s) => typeof s.result === 'function'))
      throw new Error(`${command}: a participant process takes static results only`);
  }
  const child = spawn(process.execPath, [PROCESS_SCRIPT], {
    env: { ...process.env, ...options.env, PARTICIPANT_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => {
    err = `${err}${chunk.toString()}`.slice(-20_000);
  });
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`participant ${config.name} not ready within timeout:\n${err}`));
    }, options.readyTimeoutMs ?? 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(`participant ${config.name} exited (${code ?? signal}) before ready:\n${err}`),
      );
    });
  });
  const pid = child.pid ?? -1;
  const signalled = (signal: NodeJS.Signals): Promise<Exit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    pid,
    exited,
    kill: (signal = 'SIGKILL') => signalled(signal),
    stop: () => signalled('SIGTERM'),
    stderr: () => err,
  };
}
