// Child processes for tests that need a real process: a service under test, a participant to
// kill -9, an orchestrator replica. Resolves once the process said it is ready.
import { spawn } from 'node:child_process';

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ChildHandle {
  readonly pid: number;
  readonly exited: Promise<Exit>;
  /** SIGKILL by default: the crash. */
  kill(signal?: NodeJS.Signals): Promise<Exit>;
  /** SIGTERM: a graceful stop. */
  stop(): Promise<Exit>;
  /** The last output lines (stdout and stderr), for failure messages. */
  output(): string;
}

export interface SpawnOptions {
  /** Names the process in errors. */
  readonly name: string;
  readonly args?: readonly string[];
  /** Node's own options before the script, e.g. `['--import', '<module>']`. */
  readonly nodeArgs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** A line of stdout or stderr that says the process is ready; its match is returned. */
  readonly ready: (line: string) => boolean;
  readonly readyTimeoutMs?: number;
  /** Every output line as it comes (e.g. to prefix and print it). */
  readonly onLine?: (line: string) => void;
}

const KEEP_OUTPUT_CHARS = 40_000;

/** Spawns `node script` and resolves with the handle and the ready line. */
export async function spawnNode(
  script: string,
  options: SpawnOptions,
): Promise<{ readonly child: ChildHandle; readonly readyLine: string }> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), script, ...(options.args ?? [])],
    {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  // 'close' rather than 'exit': by then stdout and stderr are read to the end (the last lines).
  const exited = new Promise<Exit>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const readyLine = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} not ready within the timeout:\n${output}`));
    }, options.readyTimeoutMs ?? 60_000);
    const follow = (stream: NodeJS.ReadableStream): void => {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const text = chunk.toString();
        output = `${output}${text}`.slice(-KEEP_OUTPUT_CHARS);
        const lines = `${partial}${text}`.split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          options.onLine?.(line);
          if (options.ready(line)) {
            clearTimeout(timer);
            resolve(line);
          }
        }
      });
    };
    follow(child.stdout);
    follow(child.stderr);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited (${code ?? signal}) before ready:\n${output}`));
    });
  });
  const line = await readyLine;
  const signalled = (signal: NodeJS.Signals): Promise<Exit> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    readyLine: line,
    child: {
      pid: child.pid ?? -1,
      exited,
      kill: (signal = 'SIGKILL') => signalled(signal),
      stop: () => signalled('SIGTERM'),
      output: () => output,
    },
  };
}
