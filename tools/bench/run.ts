// One benchmark run: its id and directory under .meridian/bench/, the processes whose memory and
// CPU time are measured, and CPU profiles (--cpu-prof) of the service processes or of the bench process itself.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import type { Platform, PlatformOptions } from '@meridian/testing';
import pg from 'pg';
import {
  monotonicUs,
  shortUrl,
  topFrames,
  type ClockWindow,
  type CpuProfile,
  type TopFrames,
} from './cpuprofile.ts';
import { cpuMeter, type CpuMeter } from './cpu.ts';
import { rssSampler, type RssSampler } from './rss.ts';
import { onTeardown } from './teardown.ts';

export interface BenchRun {
  readonly id: string;
  /** .meridian/bench: result files, run directories, isolated stacks. */
  readonly benchDir: string;
  /** <benchDir>/<id>: CPU profiles; the result file is <id>.json beside it. */
  readonly dir: string;
  readonly cpuProfile: boolean;
  readonly rss: RssSampler;
  /** CPU time per component over measured windows: the processes watched, the stack's servers. */
  readonly cpu: CpuMeter;
  /**
   * The measured windows (each `cpu.begin` to its `end`) on the profiles' clock: what the
   * profiles are cut to (a service's start-up, or the platform waiting between two bursts, is not
   * the load measured).
   */
  readonly windows: ClockWindow[];
  log(line: string): void;
  /** Measures a process of the run (memory and CPU) under `name`. */
  watch(name: string, pid: number): void;
}

/** `2026-12-06T14-05-09Z-discharge`: sorts by time, safe in a file name. */
export function runId(bench: string, at: Date): string {
  return `${at.toISOString().slice(0, 19).replace(/:/g, '-')}Z-${bench}`;
}

export function createRun(
  benchDir: string,
  bench: string,
  cpuProfile: boolean,
  log: (line: string) => void,
): BenchRun {
  const id = runId(bench, new Date());
  const rss = rssSampler();
  const meter = cpuMeter();
  const windows: ClockWindow[] = [];
  const cpu: CpuMeter = {
    watch: meter.watch,
    begin: (unit) => {
      const fromUs = monotonicUs();
      const window = meter.begin(unit);
      let ended = false;
      return {
        end: (units) => {
          if (!ended) windows.push({ fromUs, toUs: monotonicUs() });
          ended = true;
          return window.end(units);
        },
      };
    },
  };
  const watch = (name: string, pid: number): void => {
    rss.watch(name, pid);
    cpu.watch(name, pid);
  };
  watch('bench', process.pid);
  return { id, benchDir, dir: join(benchDir, id), cpuProfile, rss, cpu, windows, log, watch };
}

/** Where a process' profiles go: <run>/cpu/<name>/. */
const profileDir = (run: BenchRun, name: string): string => join(run.dir, 'cpu', name);

/**
 * `startPlatform` for a benchmark: with --cpu-prof every service runs under `node --cpu-prof`
 * (written when it exits, so at the platform's stop), each service's memory and CPU are measured, and the
 * platform is stopped on teardown (a failure, Ctrl-C) if the bench did not stop it. Services
 * trace only when the benchmark says so in `options.env` (discharge --tracing on): the bench
 * stack's environment names the main stack's collector, which services would otherwise export
 * every span to (ingest's record said tracing off while its service traced every message).
 */
export async function startBenchPlatform(
  run: BenchRun,
  options: PlatformOptions,
): Promise<Platform> {
  const { builtServices, startPlatform } = await import('@meridian/testing');
  const names = options.services ?? builtServices();
  const env = Object.fromEntries(
    names.map((name) => [
      name,
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: '',
        ...(run.cpuProfile
          ? {
              NODE_OPTIONS:
                `${process.env['NODE_OPTIONS'] ?? ''} --cpu-prof --cpu-prof-dir=${profileDir(run, name)}`.trim(),
            }
          : {}),
        ...options.env?.[name],
      },
    ]),
  );
  const platform = await startPlatform({ ...options, env });
  for (const name of names) run.watch(name, platform.service(name).pid);
  const stop = onTeardown('the platform', () => platform.stop());
  return { ...platform, stop };
}

/**
 * A client (not connected) of the saga orchestrator's database. Its server stops under it when a
 * run is torn down early (a failure, Ctrl-C): the error that brings is logged, not a crash that
 * would end the teardown and leave the isolated stack behind.
 */
export function sagaDatabase(run: BenchRun, platform: Platform): pg.Client {
  const db = new pg.Client({ connectionString: platform.databaseUrl('saga-orchestrator') });
  db.on('error', (error) => run.log(`saga database: ${error.message}`));
  return db;
}

/**
 * With --cpu-prof, profiles this process (V8's profiler over the inspector session) while `work`
 * runs: for benchmarks whose system under test runs in the bench process (the saga engine).
 */
export async function profiled<T>(run: BenchRun, work: () => Promise<T>): Promise<T> {
  if (!run.cpuProfile) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const dir = profileDir(run, 'bench');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `bench-${process.pid}.cpuprofile`), JSON.stringify(profile));
  }
}

/** Top frames by self time of every profile the run wrote, per process name. */
export function profileSummaries(
  run: BenchRun,
  root: string,
  limit = 12,
): Record<string, TopFrames & { readonly file: string }> {
  const base = join(run.dir, 'cpu');
  let names: string[];
  try {
    names = readdirSync(base).sort();
  } catch {
    return {};
  }
  const summaries: Record<string, TopFrames & { file: string }> = {};
  for (const name of names) {
    const files = readdirSync(join(base, name)).filter((f) => f.endsWith('.cpuprofile'));
    for (const file of files) {
      const path = join(base, name, file);
      const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
      const key = files.length === 1 ? name : `${name}/${file}`;
      summaries[key] = {
        file: shortUrl(path, root),
        ...topFrames(profile, limit, root, run.windows),
      };
    }
  }
  return summaries;
}
