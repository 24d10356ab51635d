// Resident memory of processes, sampled from /proc/<pid>/status while a benchmark runs.
import { procFile } from './proc.ts';

export interface Memory {
  /** VmRSS: resident now, MB. */
  readonly rssMb: number;
  /** VmHWM: the highest resident size since the process started, MB. */
  readonly hwmMb: number;
}

/** VmRSS and VmHWM of a /proc/<pid>/status text (kB there), in MB; undefined without them. */
export function parseStatus(status: string): Memory | undefined {
  const kb = (field: string): number | undefined => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
    return match?.[1] === undefined ? undefined : Number(match[1]);
  };
  const rss = kb('VmRSS');
  const hwm = kb('VmHWM');
  if (rss === undefined || hwm === undefined) return undefined;
  return { rssMb: Math.round(rss / 102.4) / 10, hwmMb: Math.round(hwm / 102.4) / 10 };
}

export interface RssSampler {
  /** Samples `pid` under `name` from now on (a restarted process: the same name, a new pid). */
  watch(name: string, pid: number): void;
  /** Samples once more and answers the peak per name (MB, the highest VmHWM seen). */
  peaks(): Record<string, number>;
  stop(): void;
}

/** Reads every watched process' status each `intervalMs` (a process gone keeps its last peak). */
export function rssSampler(intervalMs = 1_000): RssSampler {
  const pids = new Map<string, number>();
  const peak = new Map<string, number>();
  const sample = (): void => {
    for (const [name, pid] of pids) {
      const status = procFile(pid, 'status');
      if (status === undefined) continue; // exited
      const memory = parseStatus(status);
      if (memory) peak.set(name, Math.max(peak.get(name) ?? 0, memory.hwmMb, memory.rssMb));
    }
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    watch: (name, pid) => {
      pids.set(name, pid);
      sample();
    },
    peaks: () => {
      sample();
      return Object.fromEntries([...peak].sort(([a], [b]) => a.localeCompare(b)));
    },
    stop: () => clearInterval(timer),
  };
}
