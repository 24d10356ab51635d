// Fresh starts (issue 15, "start and stop cleanly"): N times in a row, on a stack of its own whose
// data directory is removed first, `npm start` must reach all-ready on the first try; then
// `kill -TERM` of `npm start` must leave no service process behind, and each service's stop time
// after SIGTERM (as start.ts prints it) is recorded. Prints a table and one final line; exit code
// 0 only when every run passed.
//
//   sh tools/scripts/bootstrap.sh node tools/scripts/fresh-starts.ts [--runs N]
//
// The stack lives in FRESH_STARTS_HOME (default /tmp/fresh-starts-home) on ports of its own (3xxxx,
// below), so the shared stack and other runs are never touched; its downloaded distributions and
// built binaries stay between runs (only `data/` is removed). DEMO defaults to off here (the demo
// feeder starts after all-ready); set DEMO=on to stop the services under traffic.
import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from './workspace.ts';

/** The line start.ts prints once every service listens (its Kafka consumers started). */
const ALL_READY = /^started (\d+) services:/;
/** start.ts' line per service after SIGTERM: `stopped <name> in <s> s (<code or signal>)`. */
const STOPPED = /^stopped (\S+)\s+in ([\d.]+) s \((\S+)\)/;
const READY_TIMEOUT_MS = 15 * 60_000;
const EXIT_TIMEOUT_MS = 60_000;
/** The issue's bound on a service's stop after SIGTERM. */
const STOP_BOUND_S = 10;

const STACK_PORTS = {
  KAFKA_PORT: '39092',
  KAFKA_CONTROLLER_PORT: '39093',
  SCHEMA_REGISTRY_PORT: '38081',
  SCHEMA_REGISTRY_MANAGEMENT_PORT: '39000',
  POSTGRES_PORT: '35433',
  JAEGER_OTLP_GRPC_PORT: '34317',
  JAEGER_OTLP_HTTP_PORT: '34318',
  JAEGER_UI_PORT: '36687',
  KEYCLOAK_PORT: '38180',
  KEYCLOAK_MANAGEMENT_PORT: '39180',
};
const MLLP_PORT = '32575';
/** The services' own default ports (start.ts leaves PORT unset): checked free before each run. */
const SERVICE_PORTS = [3001, 3002, 3003, 3004, 3005, 3006, 3007];
/** Variables that would make the stack use external components, or the services another stack. */
const EXTERNAL = [
  'KAFKA_BROKERS',
  'SCHEMA_REGISTRY_URL',
  'DATABASE_URL',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'JAEGER_URL',
  'OIDC_ISSUER',
];

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number ≥ 1`);
const home = process.env['FRESH_STARTS_HOME'] ?? '/tmp/fresh-starts-home';
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !EXTERNAL.includes(k))),
  ...STACK_PORTS,
  MERIDIAN_HOME: home,
  MLLP_PORT,
  DEMO: process.env['DEMO'] ?? 'off',
};

interface Run {
  readonly run: number;
  readonly readyS?: number;
  readonly failure?: string;
  readonly stops: ReadonlyMap<string, { seconds: number; exit: string }>;
  readonly leftBehind: readonly Leftover[];
}

const elapsedS = (since: number): number => (performance.now() - since) / 1000;

/** Whether something listens on 127.0.0.1:`port`. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Runs `npm <args>` with this script's env; resolves with its exit code. */
function npm(args: readonly string[], log: NodeJS.WritableStream): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 1));
  });
}

/** A process of this script's stack: a service, or start.ts itself. */
interface Leftover {
  readonly pid: number;
  readonly name: string;
}

/**
 * Running processes started for this script's stack (their environment names its MERIDIAN_HOME):
 * services (`services/<name>/dist/main.js`) and `tools/scripts/start.ts`.
 */
async function processesOfThisStack(): Promise<Leftover[]> {
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const mine = await Promise.all(
    pids.map(async (pid): Promise<Leftover | undefined> => {
      try {
        const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
        const service = /services\/([^/\0]+)\/dist\/main\.js/.exec(cmdline)?.[1];
        const name =
          service ?? (cmdline.includes('tools/scripts/start.ts') ? 'start.ts' : undefined);
        if (name === undefined) return undefined;
        const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
        return environ.includes(`MERIDIAN_HOME=${home}`) ? { pid: Number(pid), name } : undefined;
      } catch {
        return undefined; // gone meanwhile, or not ours to read
      }
    }),
  );
  return mine.filter((p): p is Leftover => p !== undefined);
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> =>
  Promise.race([promise, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);

/** The Go tools' binaries (Jaeger) are built once per home: copied from the default home if built. */
function seedBinaries(): void {
  const from = join(ROOT, '.meridian', 'bin');
  const to = join(home, 'bin');
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from).filter((n) => n.startsWith('jaeger-'))) {
    if (!existsSync(join(to, name))) copyFileSync(join(from, name), join(to, name));
  }
}

/** Resolves with the line matching `pattern`, or rejects when the process closes or time is up. */
function waitForLine(
  child: ChildProcess,
  lines: string[],
  pattern: RegExp,
  ms: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no '${pattern.source}' within ${ms / 1000} s`)),
      ms,
    );
    const check = (): void => {
      const line = lines.find((l) => pattern.test(l));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve(line);
    };
    child.stdout?.on('data', check);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code ?? signal}) before all-ready`));
    });
  });
}

async function freshRun(run: number): Promise<Run> {
  const log = createWriteStream(join(home, 'logs', `fresh-start-${run}.log`));
  rmSync(join(home, 'data'), { recursive: true, force: true });
  const busy = (
    await Promise.all(
      [...SERVICE_PORTS, Number(MLLP_PORT)].map(async (p) => ((await listening(p)) ? p : 0)),
    )
  ).filter((p) => p !== 0);
  if (busy.length > 0)
    return { run, failure: `ports in use: ${busy.join(', ')}`, stops: new Map(), leftBehind: [] };

  const since = performance.now();
  const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(log, { end: false });
    stream.on('data', (chunk: Buffer) => {
      const parts = `${partial}${chunk.toString('utf8')}`.split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
    });
  }
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const npmExited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let readyS: number | undefined;
  let failure: string | undefined;
  try {
    await waitForLine(child, lines, ALL_READY, READY_TIMEOUT_MS);
    readyS = elapsedS(since);
  } catch (error) {
    failure = (error as Error).message;
  }
  child.kill('SIGTERM'); // kill -TERM of npm start
  if ((await within(npmExited, EXIT_TIMEOUT_MS)) === 'timeout')
    failure ??= `npm start still running ${EXIT_TIMEOUT_MS / 1000} s after SIGTERM`;
  // npm is gone: whatever of this stack still runs was left behind.
  const leftBehind = await processesOfThisStack();
  // Cleaned up for the next run: start.ts stops its services (printing their stop times), then
  // anything still there is killed.
  for (const p of leftBehind.filter((l) => l.name === 'start.ts')) process.kill(p.pid, 'SIGTERM');
  await within(closed, EXIT_TIMEOUT_MS);
  for (const p of await processesOfThisStack()) process.kill(p.pid, 'SIGKILL');
  child.kill('SIGKILL');
  const stops = new Map<string, { seconds: number; exit: string }>();
  for (const line of lines) {
    const match = STOPPED.exec(line);
    if (match?.[1] && match[2] && match[3])
      stops.set(match[1], { seconds: Number(match[2]), exit: match[3] });
  }
  await npm(['run', 'stack', '--', 'down'], log);
  log.end();
  return {
    run,
    ...(readyS === undefined ? {} : { readyS }),
    ...(failure ? { failure } : {}),
    stops,
    leftBehind,
  };
}

function report(results: readonly Run[]): boolean {
  const services = [...new Set(results.flatMap((r) => [...r.stops.keys()]))].sort();
  const header = ['service', ...results.map((r) => `run ${r.run}`)];
  const rows = [
    [
      'all-ready',
      ...results.map((r) => (r.readyS === undefined ? 'NO' : `${r.readyS.toFixed(1)} s`)),
    ],
    ...services.map((name) => [
      `stop ${name}`,
      ...results.map((r) => {
        const stop = r.stops.get(name);
        return stop ? `${stop.seconds.toFixed(1)} s (${stop.exit})` : '-';
      }),
    ]),
    [
      'left behind',
      ...results.map((r) =>
        r.leftBehind.length === 0 ? 'none' : r.leftBehind.map((l) => l.name).join(' '),
      ),
    ],
  ];
  const widths = header.map((_, i) =>
    Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)),
  );
  for (const row of [header, ...rows])
    console.log(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
  for (const r of results) if (r.failure) console.log(`run ${r.run}: ${r.failure}`);
  const stopTimes = results.flatMap((r) => [...r.stops.values()].map((s) => s.seconds));
  const slowest = stopTimes.length > 0 ? Math.max(...stopTimes) : Number.NaN;
  const ready = results.filter((r) => r.readyS !== undefined && !r.failure).length;
  const left = results.reduce((n, r) => n + r.leftBehind.length, 0);
  const allStopped = results.every(
    (r) => r.stops.size > 0 && [...r.stops.values()].every((s) => s.exit === '0'),
  );
  const passed = ready === results.length && left === 0 && allStopped && slowest <= STOP_BOUND_S;
  console.log(
    `fresh starts: ${passed ? 'PASS' : 'FAIL'}: ${ready}/${results.length} reached all-ready on the first try; ` +
      `${left} processes left behind (start.ts, services); slowest stop ${slowest.toFixed(1)} s (bound ${STOP_BOUND_S} s)` +
      `${allStopped ? '' : '; a service did not exit with code 0'}`,
  );
  return passed;
}

mkdirSync(join(home, 'logs'), { recursive: true });
seedBinaries();
// A new home first resolves the distributions and builds Keycloak's server: done once, before the
// runs, so that each run measures a start on fresh data only.
const prepare = !existsSync(join(home, 'dist'));
console.log(`fresh starts: ${runs} run(s), MERIDIAN_HOME=${home}, logs in ${join(home, 'logs')}`);
const setupLog = createWriteStream(join(home, 'logs', 'fresh-start-0.log'));
if (prepare) {
  console.log('preparing the home (distributions, Keycloak build): npm run stack -- up');
  if ((await npm(['run', 'stack', '--', 'up'], setupLog)) !== 0)
    throw new Error(`npm run stack -- up failed: see ${join(home, 'logs', 'fresh-start-0.log')}`);
}
await npm(['run', 'stack', '--', 'down'], setupLog);
const results: Run[] = [];
for (let run = 1; run <= runs; run += 1) {
  const result = await freshRun(run);
  console.log(
    `run ${run}: ${result.readyS === undefined ? 'not ready' : `all-ready in ${result.readyS.toFixed(1)} s`}` +
      `${result.failure ? ` (${result.failure})` : ''}`,
  );
  results.push(result);
}
process.exitCode = report(results) ? 0 : 1;
