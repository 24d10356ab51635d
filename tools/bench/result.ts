// The result file every run writes (.meridian/bench/<id>.json) and its one-line summary.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BenchArgs } from './args.ts';
import { formatCpu, formatPeakRss, type CpuAccount } from './cpu.ts';
import type { TopFrames } from './cpuprofile.ts';
import { formatPoint, type OpenLoopResult } from './open-loop.ts';
import type { RawKafka } from './raw-kafka.ts';

export interface Machine {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryMb: number;
  readonly node: string;
  readonly os: string;
  /** 1, 5 and 15 minute load averages when the run started: other work on the machine. */
  readonly loadAverageAtStart: readonly number[];
}

export function machineFacts(): Machine {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryMb: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    os: `${process.platform} ${release()}`,
    loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

/** HEAD's commit and whether the work tree differs from it (a run of uncommitted code). */
export function gitRevision(root: string): { readonly rev: string; readonly dirty: boolean } {
  const git = (...args: string[]): string =>
    spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' }).stdout?.trim() ?? '';
  return {
    rev: git('rev-parse', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
  };
}

export interface BenchRecord {
  readonly id: string;
  readonly bench: string;
  readonly mode: BenchArgs['mode'];
  readonly startedAt: string;
  finishedAt?: string;
  readonly argv: readonly string[];
  readonly args: BenchArgs;
  readonly git: ReturnType<typeof gitRevision>;
  readonly machine: Machine;
  /** The isolated stack the run used (absent for hl7-parse). */
  stack?: { readonly kafkaBrokers: string; readonly startSeconds: number };
  rawKafka?: RawKafka;
  results?: Record<string, number> | OpenLoopResult;
  ratios?: Record<string, number>;
  /**
   * Where the CPU went while the headline result was measured (a burst: first offer to last
   * completion), per component and unit of work; open loop: per rate point, in each point.
   */
  cpu?: CpuAccount;
  /**
   * The same for a run's other measured windows: raw Kafka (`rawKafka`: the broker and the bench
   * producing one at a time and consuming back, per message), ingest's one connection, discharge
   * untraced.
   */
  cpuOtherWindows?: Record<string, CpuAccount>;
  /**
   * Peak resident memory per process (services, `bench` itself) over its whole life, start-up
   * included (VmHWM), MB. Under load: each window's `perComponent[name].peakRssMb`.
   */
  peakRssMb?: Record<string, number>;
  cpuProfiles?: Record<string, TopFrames & { readonly file: string }>;
  error?: string;
}

/** What a burst measured: its results and the CPU account of its window. */
export interface Burst {
  readonly results: Record<string, number>;
  readonly cpu: CpuAccount;
}

export function writeRecord(benchDir: string, record: BenchRecord): string {
  mkdirSync(benchDir, { recursive: true });
  const file = join(benchDir, `${record.id}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}

const isOpenLoop = (results: BenchRecord['results']): results is OpenLoopResult =>
  results !== undefined && 'points' in results;

/**
 * One line: what ran, its results, raw Kafka, where the CPU went (open loop: at the last rate),
 * each process' peak resident memory under load (open loop: the highest over the rates) and the
 * file.
 */
export function summaryLine(record: BenchRecord, file: string): string {
  const parts = [`bench ${record.bench} ${record.mode}`];
  if (record.error) parts.push(`FAILED: ${record.error.split('\n')[0] ?? ''}`);
  const { results } = record;
  if (isOpenLoop(results)) {
    parts.push(...results.points.map(formatPoint));
    if (results.skippedRates.length > 0)
      parts.push(`not offered (backlog): ${results.skippedRates.join(', ')}/s`);
  } else if (results) {
    parts.push(
      Object.entries(results)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    );
  }
  if (record.rawKafka) {
    const raw = record.rawKafka;
    const rawCpu = record.cpuOtherWindows?.['rawKafka']?.msPerUnit?.toFixed(2);
    parts.push(
      `raw Kafka ${Math.round(raw.producePerSecond)} produces/s, round trip p50 ${raw.roundTripP50Ms.toFixed(2)} ms${rawCpu ? `, ${rawCpu} ms CPU/message` : ''}`,
    );
  }
  const cpu = isOpenLoop(results) ? results.points.at(-1)?.cpu : record.cpu;
  if (cpu) parts.push(formatCpu(cpu));
  const loaded = isOpenLoop(results) ? results.points.map((p) => p.cpu) : [record.cpu];
  const rss = formatPeakRss(loaded.filter((a): a is CpuAccount => a !== undefined));
  if (rss) parts.push(rss);
  parts.push(file);
  return parts.join(' | ');
}
