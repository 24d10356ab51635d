// Where the cores went while a benchmark measured: the CPU time (user + system) each watched
// process spent in the measured window, from /proc/<pid>/stat, per component and per unit of work
// (a saga, a message), beside what the whole machine spent (other work on a shared machine); and
// each process' peak resident memory in that window (/proc/<pid>/status), under load, start-up not
// counted.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { childPids, machineStat, procFile } from './proc.ts';
import { parseStatus } from './rss.ts';
import { round } from './stats.ts';

/** The CPU counters of a /proc/<pid>/stat line, in clock ticks. */
export interface ProcessTicks {
  /** utime + stime: the process' own time, every thread of it. */
  readonly own: number;
  /** cutime + cstime: its children that ended and were waited for, with their own such children. */
  readonly endedChildren: number;
  /** When the process started (ticks after boot): a pid used again is another process. */
  readonly startTime: number;
}

/**
 * The counters of a /proc/<pid>/stat line; undefined when it is not one. The command name (field
 * 2) is in parentheses and may hold spaces and parentheses itself: fields count from the last ')'.
 */
export function parseStat(stat: string): ProcessTicks | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  // fields[0] is field 3 (state); utime is field 14, stime 15, cutime 16, cstime 17, starttime 22.
  const fields = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const [utime, stime, cutime, cstime, startTime] = [14, 15, 16, 17, 22].map((n) =>
    Number(fields[n - 3]),
  );
  const counters = [utime, stime, cutime, cstime, startTime];
  if (!counters.every((c) => c !== undefined && Number.isSafeInteger(c) && c >= 0))
    return undefined;
  return {
    own: (utime ?? 0) + (stime ?? 0),
    endedChildren: (cutime ?? 0) + (cstime ?? 0),
    startTime: startTime ?? 0,
  };
}

/**
 * The machine's busy ticks (every CPU) from /proc/stat's first line `cpu user nice system idle
 * iowait irq softirq steal guest guest_nice`: user, nice, system, irq and softirq (guest time is
 * already inside user; idle, iowait and steal are not this machine's work).
 */
export function parseMachineBusy(stat: string): number | undefined {
  const line = stat.split('\n').find((l) => l.startsWith('cpu '));
  const [user, nice, system, , , irq, softirq] = (line ?? '')
    .slice(4)
    .trim()
    .split(/\s+/)
    .map(Number);
  const busy = [user, nice, system, irq, softirq];
  if (!busy.every((c) => c !== undefined && Number.isSafeInteger(c))) return undefined;
  return busy.reduce<number>((sum, c) => sum + (c ?? 0), 0);
}

export interface ComponentCpu {
  readonly cpuSeconds: number;
  /** Of every watched component's CPU in the window. */
  readonly share: number;
  /** CPU milliseconds per unit of work done in the window (null when none was done). */
  readonly msPerUnit: number | null;
  /**
   * The highest resident memory (VmRSS, MB) read in the window: at its start, each second and at
   * its end. Absent for a component counted with its descendants (a database server's backends
   * share its memory) and for one gone before it was read.
   */
  readonly peakRssMb?: number;
  /**
   * A server's CPU by what its children worked for (`watch`'s `childLabel`: PostgreSQL's by
   * database, so by service), the largest first; `(server)`: the server itself, its other
   * children and those that ended before they were read.
   */
  readonly parts?: Readonly<
    Record<string, { readonly cpuSeconds: number; readonly msPerUnit: number | null }>
  >;
}

export interface CpuAccount {
  readonly windowSeconds: number;
  readonly cores: number;
  /** The unit of work (`saga`, `message`) and how many were done in the window. */
  readonly unit: string;
  readonly units: number;
  /** CPU of every watched component. */
  readonly totalCpuSeconds: number;
  /** totalCpuSeconds / (windowSeconds × cores). */
  readonly utilization: number;
  /** CPU milliseconds of all watched components per unit of work (null when none was done). */
  readonly msPerUnit: number | null;
  /**
   * Units per second at which the watched components would take every core at this CPU cost
   * per unit (cores × 1000 / msPerUnit): a rate no shorter wait or larger batch passes, only less
   * CPU per unit or more cores. Read it where the platform is saturated (a burst, the highest
   * rate): at a low rate the components' CPU per second that does not depend on the work (polls,
   * timers, the JVMs' housekeeping) is spread over few units (ingest at 50/s: 8.7 ms/message,
   * against 3 in a burst). Under other work on the machine the cost per unit rises too.
   */
  readonly ceilingPerSecond: number | null;
  /**
   * Busy CPU of the whole machine in the window: beyond the watched components, other work on a
   * shared machine, the main stack (its OIDC issuer, Jaeger) and the kernel.
   */
  readonly machineCpuSeconds: number;
  readonly machineUtilization: number;
  /** Per component, the largest first. */
  readonly perComponent: Readonly<Record<string, ComponentCpu>>;
}

export interface WindowFacts {
  readonly windowSeconds: number;
  readonly cores: number;
  readonly unit: string;
  readonly units: number;
  readonly machineCpuSeconds: number;
}

/**
 * The account of a window from the CPU seconds each component spent in it, the peak resident
 * memory (MB) of those read and the seconds of a server's labelled children.
 */
export function cpuAccount(
  facts: WindowFacts,
  secondsByComponent: Readonly<Record<string, number>>,
  peakRssMbByComponent: Readonly<Record<string, number>> = {},
  partsByComponent: Readonly<Record<string, Readonly<Record<string, number>>>> = {},
): CpuAccount {
  const { windowSeconds, cores, units, machineCpuSeconds } = facts;
  const total = Object.values(secondsByComponent).reduce((sum, s) => sum + s, 0);
  const capacity = windowSeconds * cores;
  const perComponent = Object.fromEntries(
    Object.entries(secondsByComponent)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([name, seconds]) => [
        name,
        {
          cpuSeconds: round(seconds, 2),
          share: total > 0 ? round(seconds / total, 3) : 0,
          msPerUnit: units > 0 ? round((seconds * 1000) / units, 2) : null,
          ...(peakRssMbByComponent[name] === undefined
            ? {}
            : { peakRssMb: peakRssMbByComponent[name] }),
          ...(partsByComponent[name] === undefined
            ? {}
            : { parts: partsOf(seconds, partsByComponent[name], units) }),
        },
      ]),
  );
  return {
    windowSeconds: round(windowSeconds, 2),
    cores,
    unit: facts.unit,
    units,
    totalCpuSeconds: round(total, 2),
    utilization: capacity > 0 ? round(total / capacity, 3) : 0,
    msPerUnit: units > 0 ? round((total * 1000) / units, 2) : null,
    ceilingPerSecond: units > 0 && total > 0 ? round((cores * units) / total, 1) : null,
    machineCpuSeconds: round(machineCpuSeconds, 2),
    machineUtilization: capacity > 0 ? round(machineCpuSeconds / capacity, 3) : 0,
    perComponent,
  };
}

/** A server's seconds split by its labelled children's, the rest `(server)`; the largest first. */
function partsOf(
  total: number,
  labelled: Readonly<Record<string, number>>,
  units: number,
): Record<string, { cpuSeconds: number; msPerUnit: number | null }> {
  const known = Object.values(labelled).reduce((sum, s) => sum + s, 0);
  const all = { ...labelled, [SERVER_PART]: Math.max(0, total - known) };
  return Object.fromEntries(
    Object.entries(all)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([label, seconds]) => [
        label,
        {
          cpuSeconds: round(seconds, 2),
          msPerUnit: units > 0 ? round((seconds * 1000) / units, 2) : null,
        },
      ]),
  );
}

const SERVER_PART = '(server)';

/**
 * The service a PostgreSQL backend works for, from its process title (`postgres: <user>
 * <database> <host>(<port>) <state>`): the database's name without the `_<time>_<hex>` a test
 * database ends with, `_` as `-` (`bench_revenue_cycle_mxca7z0f_7524b36a` → `revenue-cycle`);
 * undefined for the server's own processes (`postgres: checkpointer`).
 */
export function postgresBackendLabel(cmdline: string): string | undefined {
  const title = cmdline.replaceAll('\0', ' ').trim();
  const backend = /^postgres: \S+ (\S+) \S+\(\d+\)/.exec(title);
  if (!backend?.[1]) return undefined;
  return backend[1]
    .replace(/^bench_/, '')
    .replace(/_[0-9a-z]+_[0-9a-f]{8}$/, '')
    .replaceAll('_', '-');
}

/** Cores the watched components kept busy on average over the window (the machine: `machine`). */
export function coresUsed(account: CpuAccount, of: 'watched' | 'machine' = 'watched'): number {
  const seconds = of === 'machine' ? account.machineCpuSeconds : account.totalCpuSeconds;
  return account.windowSeconds > 0 ? round(seconds / account.windowSeconds, 2) : 0;
}

/** Components the one-line summary names; the rest are counted. */
const SUMMARY_COMPONENTS = 4;

/**
 * `cpu 1.42/2 cores (machine 1.97): 162 ms/saga, CPU-bound ≤ 12.3/s; postgres 41, kafka 29,
 * saga-orchestrator 19, revenue-cycle 19 (+7 more)`: cores in use on average over the window, the
 * CPU per unit and the ceiling it sets, the largest components per unit.
 */
export function formatCpu(account: CpuAccount): string {
  const ms = (v: number | null): string =>
    v === null ? '-' : String(v >= 10 ? Math.round(v) : round(v, 2));
  const entries = Object.entries(account.perComponent);
  const top = entries.slice(0, SUMMARY_COMPONENTS).map(([name, c]) => `${name} ${ms(c.msPerUnit)}`);
  const more =
    entries.length > SUMMARY_COMPONENTS ? ` (+${entries.length - SUMMARY_COMPONENTS} more)` : '';
  const ceiling = account.ceilingPerSecond === null ? '-' : account.ceilingPerSecond;
  return `cpu ${coresUsed(account)}/${account.cores} cores (machine ${coresUsed(account, 'machine')}): ${ms(account.msPerUnit)} ms/${account.unit}, CPU-bound ≤ ${ceiling}/s; ${top.join(', ')}${more}`;
}

/**
 * `peak RSS MB saga-orchestrator 164.2, revenue-cycle 158, ...`: each component's peak resident
 * memory in the windows (the highest of them: open loop's rates), the largest first; empty when
 * none was read.
 */
export function formatPeakRss(accounts: readonly CpuAccount[]): string {
  const peaks = new Map<string, number>();
  for (const account of accounts)
    for (const [name, c] of Object.entries(account.perComponent))
      if (c.peakRssMb !== undefined) peaks.set(name, Math.max(peaks.get(name) ?? 0, c.peakRssMb));
  const sorted = [...peaks].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return sorted.length === 0
    ? ''
    : `peak RSS MB ${sorted.map(([name, mb]) => `${name} ${mb}`).join(', ')}`;
}

let ticksPerSecond: number | undefined;

/** USER_HZ, the unit of /proc's CPU counters (`getconf CLK_TCK`; 100 on Linux unless asked). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const answer = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
    ticksPerSecond = Number.isInteger(answer) && answer > 0 ? answer : 100;
  }
  return ticksPerSecond;
}

/**
 * CPU ticks of `pid`, or of it and everything it started (`descendants`): its own, its ended
 * children's (cutime + cstime: the kernel adds an ended child's time, and that of the children it
 * waited for, to its parent once the parent waited for it, as PostgreSQL's postmaster does for
 * every backend) and, recursively, its live children's. A backend live at the window's start and
 * ended by its end so counts its whole time in the window: first as a live child, then inside the
 * postmaster's cutime. A tree is not read atomically: a child that ends between its parent's
 * reading and its own is missed by that reading, an error of at most that one short-lived
 * child's time. Undefined when the process is gone or is no longer the one that started at
 * `startTime` (its pid used again).
 */
function ticksOf(pid: number, descendants: boolean, startTime?: number): number | undefined {
  const stat = procFile(pid, 'stat');
  const ticks = stat === undefined ? undefined : parseStat(stat);
  if (!ticks || (startTime !== undefined && ticks.startTime !== startTime)) return undefined;
  if (!descendants) return ticks.own;
  return childPids(pid).reduce(
    (sum, child) => sum + (ticksOf(child, true) ?? 0),
    ticks.own + ticks.endedChildren,
  );
}

export interface CpuWindow {
  /** Ends the window (once; later calls answer the same): where the CPU went per `units` done. */
  end(units: number): CpuAccount;
}

export interface CpuMeter {
  /**
   * Counts `pid` under `name` from now on (a restarted process: the same name, a new pid); with
   * `descendants`, with everything it starts (a database server's backends). Never give a
   * process that started watched ones: they would count twice.
   */
  watch(
    name: string,
    pid: number,
    options?: {
      readonly descendants?: boolean;
      /**
       * With `descendants`: what a child works for, from its command line (undefined: the
       * server's own), to split the server's CPU by it (`parts`).
       */
      readonly childLabel?: (cmdline: string) => string | undefined;
    },
  ): void;
  /** Starts a measured window of work counted in `unit`s. */
  begin(unit: string): CpuWindow;
}

interface Watched {
  readonly name: string;
  readonly descendants: boolean;
  readonly startTime: number;
  /** Ticks at the last reading: what a process that ended in a window is counted with. */
  ticks: number;
  readonly childLabel?: (cmdline: string) => string | undefined;
  /** Its labelled children by pid, with their ticks at the last reading. */
  readonly children: Map<number, LabelledChild>;
}

interface LabelledChild {
  readonly label: string;
  readonly startTime: number;
  ticks: number;
}

/** Reads the ticks of `entry`'s live children, labelling the ones seen first. */
function readChildren(pid: number, entry: Watched): void {
  const { childLabel } = entry;
  if (!childLabel) return;
  for (const child of childPids(pid)) {
    const stat = procFile(child, 'stat');
    const ticks = stat === undefined ? undefined : parseStat(stat);
    if (!ticks) continue;
    let known = entry.children.get(child);
    if (!known || known.startTime !== ticks.startTime) {
      const label = childLabel(procFile(child, 'cmdline') ?? '');
      if (label === undefined) continue;
      known = { label, startTime: ticks.startTime, ticks: 0 };
      entry.children.set(child, known);
    }
    known.ticks = ticksOf(child, true, ticks.startTime) ?? known.ticks;
  }
}

/**
 * Reads every watched process' ticks (and resident memory) at each window's start and end and each
 * `intervalMs` while a window is open, so a process that ends inside a window still counts up to
 * its last second.
 */
export function cpuMeter(intervalMs = 1_000): CpuMeter {
  const watched = new Map<number, Watched>();
  const alive = new Set<number>();
  /** Per open window, the peak VmRSS (MB) read of each pid. */
  const peaksOfOpenWindows = new Set<Map<number, number>>();
  const readRss = (pid: number): void => {
    const status = procFile(pid, 'status');
    const rssMb = status === undefined ? undefined : parseStatus(status)?.rssMb;
    if (rssMb === undefined) return;
    for (const peaks of peaksOfOpenWindows) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, rssMb));
  };
  const read = (): void => {
    for (const pid of alive) {
      const entry = watched.get(pid);
      const ticks = entry && ticksOf(pid, entry.descendants, entry.startTime);
      if (entry && ticks !== undefined) {
        entry.ticks = ticks;
        if (!entry.descendants) readRss(pid);
        readChildren(pid, entry);
      } else alive.delete(pid);
    }
  };
  let open = 0;
  let timer: NodeJS.Timeout | undefined;
  const machineSeconds = (): number => (parseMachineBusy(machineStat()) ?? 0) / clockTicks();
  return {
    watch: (name, pid, options) => {
      const stat = procFile(pid, 'stat');
      const ticks = stat === undefined ? undefined : parseStat(stat);
      if (!ticks) return; // already gone
      const descendants = options?.descendants ?? false;
      watched.set(pid, {
        name,
        descendants,
        startTime: ticks.startTime,
        ticks: 0,
        ...(descendants && options?.childLabel ? { childLabel: options.childLabel } : {}),
        children: new Map(),
      });
      alive.add(pid);
      read();
    },
    begin: (unit) => {
      const peaks = new Map<number, number>();
      peaksOfOpenWindows.add(peaks);
      read();
      const from = new Map([...watched].map(([pid, w]) => [pid, w.ticks]));
      const childrenFrom = new Map(
        [...watched].map(([pid, w]) => [
          pid,
          new Map([...w.children].map(([child, c]) => [child, c.ticks])),
        ]),
      );
      const started = performance.now();
      const machineFrom = machineSeconds();
      if (open++ === 0) {
        timer = setInterval(read, intervalMs);
        timer.unref();
      }
      let account: CpuAccount | undefined;
      return {
        end: (units) => {
          if (account) return account;
          read();
          peaksOfOpenWindows.delete(peaks);
          if (--open === 0) clearInterval(timer);
          const seconds: Record<string, number> = {};
          const peakRssMb: Record<string, number> = {};
          const parts: Record<string, Record<string, number>> = {};
          for (const [pid, w] of watched) {
            // A process watched after the window began counts from zero: its life is inside it.
            const spent = (w.ticks - (from.get(pid) ?? 0)) / clockTicks();
            seconds[w.name] = (seconds[w.name] ?? 0) + spent;
            const peak = peaks.get(pid);
            // A restarted process: the name's peak is the larger of its processes'.
            if (peak !== undefined) peakRssMb[w.name] = Math.max(peakRssMb[w.name] ?? 0, peak);
            if (!w.childLabel) continue;
            const byLabel = (parts[w.name] ??= {});
            for (const [child, c] of w.children) {
              const childSpent =
                (c.ticks - (childrenFrom.get(pid)?.get(child) ?? 0)) / clockTicks();
              byLabel[c.label] = (byLabel[c.label] ?? 0) + childSpent;
            }
          }
          account = cpuAccount(
            {
              windowSeconds: (performance.now() - started) / 1000,
              cores: cpus().length,
              unit,
              units,
              machineCpuSeconds: machineSeconds() - machineFrom,
            },
            seconds,
            peakRssMb,
            parts,
          );
          return account;
        },
      };
    },
  };
}
