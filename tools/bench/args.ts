// The bench CLI's arguments, parsed without side effects (main.ts prints USAGE on an error).

export const BENCHES = ['sagas', 'ingest', 'discharge', 'implants', 'hl7-parse'] as const;
export type Bench = (typeof BENCHES)[number];
export const TRACING = ['off', 'on', 'both'] as const;
export type Tracing = (typeof TRACING)[number];

/** Benchmarks that also run open loop (fixed arrival rates). */
export const OPEN_LOOP_BENCHES = [
  'sagas',
  'ingest',
  'discharge',
] as const satisfies readonly Bench[];

/**
 * Default offered rates per second: the sweep for sagas (its target is 150 sagas/s
 * sustained, p99 < 1 s at 100/s); MLLP messages are cheaper by an order of magnitude (target
 * 2,000 msg/s), so their sweep reaches that.
 */
export const DEFAULT_RATES: Readonly<
  Record<(typeof OPEN_LOOP_BENCHES)[number], readonly number[]>
> = {
  sagas: [25, 50, 100, 150],
  discharge: [25, 50, 100, 150],
  ingest: [250, 500, 1000, 2000],
};
export const DEFAULT_DURATION_S = 60;

export interface BurstArgs {
  readonly mode: 'burst';
  readonly bench: Bench;
  readonly count: number;
  readonly connections: number;
  readonly tracing: Tracing;
  readonly cpuProfile: boolean;
}

export interface OpenLoopArgs {
  readonly mode: 'open-loop';
  readonly bench: (typeof OPEN_LOOP_BENCHES)[number];
  /** Offered arrivals per second, one measurement each, in the order given. */
  readonly rates: readonly number[];
  /** Seconds each rate is offered for. */
  readonly durationS: number;
  /** Seconds to wait after the last arrival for stragglers; default the duration, at least 30. */
  readonly drainS: number;
  readonly tracing: Tracing;
  readonly cpuProfile: boolean;
}

export type BenchArgs = BurstArgs | OpenLoopArgs;

export class ArgsError extends Error {
  override readonly name = 'ArgsError';
}

const positiveInteger = (raw: string, what: string): number => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new ArgsError(`${what} must be a whole number ≥ 1, got '${raw}'`);
  return value;
};

const positiveNumber = (raw: string, what: string): number => {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || raw.trim() === '')
    throw new ArgsError(`${what} must be a number > 0, got '${raw}'`);
  return value;
};

const isOneOf = <T extends string>(list: readonly T[], value: string | undefined): value is T =>
  list.some((item) => item === value);

/**
 * `<bench> [count] [connections] [--tracing off|on|both] [--cpu-prof]` (burst), or
 * `<bench> --rates a,b,c --duration s [--drain s] [--cpu-prof]` (open loop; `--open-loop` alone
 * takes the default rates and duration).
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const valued = new Set(['--tracing', '--rates', '--duration', '--drain']);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const [name = '', inline] = arg.split('=', 2);
    if (valued.has(name)) {
      const value = inline ?? argv[(i += 1)];
      if (value === undefined) throw new ArgsError(`${name} needs a value`);
      flags.set(name, value);
    } else if (name === '--cpu-prof' || name === '--open-loop') {
      flags.set(name, true);
    } else {
      throw new ArgsError(`unknown option ${arg}`);
    }
  }
  const [bench, ...rest] = positionals;
  if (!isOneOf(BENCHES, bench)) throw new ArgsError(`unknown benchmark '${bench ?? ''}'`);
  const text = (name: string): string | undefined => {
    const value = flags.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const tracing = text('--tracing') ?? 'off';
  if (!isOneOf(TRACING, tracing)) throw new ArgsError(`--tracing must be off, on or both`);
  if (tracing !== 'off' && bench !== 'discharge')
    throw new ArgsError('--tracing is for discharge only');
  const cpuProfile = flags.has('--cpu-prof');
  if (cpuProfile && bench === 'hl7-parse')
    throw new ArgsError('--cpu-prof needs a benchmark with processes (not hl7-parse)');
  const open = ['--rates', '--duration', '--drain', '--open-loop'].some((f) => flags.has(f));
  if (!open) {
    if (rest.length > 2) throw new ArgsError(`too many arguments: ${rest.join(' ')}`);
    const [countArg, connectionsArg] = rest;
    const defaultCount = bench === 'discharge' || bench === 'implants' ? 200 : 1000;
    return {
      mode: 'burst',
      bench,
      count: countArg === undefined ? defaultCount : positiveInteger(countArg, 'count'),
      connections:
        connectionsArg === undefined ? 4 : positiveInteger(connectionsArg, 'connections'),
      tracing,
      cpuProfile,
    };
  }
  if (!isOneOf(OPEN_LOOP_BENCHES, bench))
    throw new ArgsError(`${bench} has no open-loop mode (only ${OPEN_LOOP_BENCHES.join(', ')})`);
  if (rest.length > 0)
    throw new ArgsError(`open loop takes no count or connections: ${rest.join(' ')}`);
  if (tracing === 'both') throw new ArgsError('--tracing both is for the burst mode');
  const ratesText = text('--rates');
  const rates =
    ratesText === undefined
      ? DEFAULT_RATES[bench]
      : ratesText.split(',').map((r) => positiveNumber(r, 'each rate'));
  const durationText = text('--duration');
  const durationS =
    durationText === undefined ? DEFAULT_DURATION_S : positiveNumber(durationText, '--duration');
  const drainText = text('--drain');
  const drainS =
    drainText === undefined ? Math.max(30, durationS) : positiveNumber(drainText, '--drain');
  return { mode: 'open-loop', bench, rates, durationS, drainS, tracing, cpuProfile };
}
