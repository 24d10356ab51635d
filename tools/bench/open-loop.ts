// What an open-loop benchmark reports per offered rate, and the sweep over the rates.
import type { OpenLoopArgs } from './args.ts';
import { coresUsed, type CpuAccount } from './cpu.ts';
import { percentiles, perSecond, round, type Percentiles } from './stats.ts';

export interface RatePoint {
  readonly offeredPerSecond: number;
  readonly durationS: number;
  readonly offered: number;
  /**
   * Arrivals per second actually sent, first due to last sent: below the offered rate when the
   * load generator could not keep the schedule (then `offeredRateMet` is false).
   */
  readonly sentPerSecond: number;
  /** How late arrivals went out against their schedule, ms. */
  readonly sendLagMs: Percentiles;
  /** Sent at ≥ 98 % of the offered rate with a p99 send lag under 100 ms. */
  readonly offeredRateMet: boolean;
  readonly completed: number;
  /** Not done by the end of the drain (or answered with an error): the rate is beyond capacity. */
  readonly incomplete: number;
  /** Completions per second, first to last completion (the offered rate when it keeps up). */
  readonly completedPerSecond: number;
  /** The benchmark's latency (sagas: start→complete; ingest: due→ACK), ms. */
  readonly latencyMs: Percentiles;
  /** Arrival due → done, ms: includes every queue in front of the work (sagas). */
  readonly dueToDoneMs?: Percentiles;
  /** Where the CPU went from the first arrival to the end of the drain, per completion. */
  readonly cpu?: CpuAccount;
  readonly [detail: string]: unknown;
}

export interface OpenLoopResult {
  readonly points: readonly RatePoint[];
  /** Rates not offered: a lower one left a backlog the drain did not clear. */
  readonly skippedRates: readonly number[];
  /**
   * The highest offered rate that was sent on schedule, completed everything and kept ≥ 95 % of
   * the rate in completions, with its p99 latency.
   */
  readonly sustained?: { readonly offeredPerSecond: number; readonly p99Ms: number };
}

/** What one offered rate did, as every benchmark measures it. */
export interface RateOutcome {
  readonly rate: number;
  readonly durationS: number;
  /** When each arrival was due and when it went out, in performance.now() time. */
  readonly dueAt: readonly number[];
  readonly sentAt: readonly number[];
  /** When each completed arrival was done (any clock), and its latency in ms. */
  readonly doneAt: readonly number[];
  readonly latencyMs: readonly number[];
  /** Digits the latency percentiles keep (default 1). */
  readonly digits?: number;
}

/** The measured part of a rate point; each benchmark adds its own details. */
export function ratePoint(outcome: RateOutcome): RatePoint {
  const { rate, durationS, dueAt, sentAt, doneAt } = outcome;
  return {
    offeredPerSecond: rate,
    durationS,
    offered: dueAt.length,
    ...sendStatistics(rate, dueAt, sentAt),
    completed: doneAt.length,
    incomplete: dueAt.length - doneAt.length,
    completedPerSecond: round(perSecond(doneAt)),
    latencyMs: percentiles(outcome.latencyMs, outcome.digits),
  };
}

/** The send statistics of one rate: `dueAt` and `sentAt` in performance.now() time. */
export function sendStatistics(
  rate: number,
  dueAt: readonly number[],
  sentAt: readonly number[],
): Pick<RatePoint, 'sentPerSecond' | 'sendLagMs' | 'offeredRateMet'> {
  const lag = sentAt.map((at, i) => at - (dueAt[i] ?? at));
  // From the first arrival's due time: a generator late from the start is not let off.
  const sentPerSecond = perSecond([dueAt[0] ?? 0, ...sentAt.slice(1)]);
  const sendLagMs = percentiles(lag, 2);
  return {
    sentPerSecond: round(sentPerSecond, 1),
    sendLagMs,
    offeredRateMet: sentPerSecond >= rate * 0.98 && sendLagMs.p99 < 100,
  };
}

/**
 * Offers each rate in turn (`measure`); after a rate that left work undone past its drain the
 * sweep stops, since its backlog would be measured as the next rate's latency.
 */
export async function sweep(
  args: Pick<OpenLoopArgs, 'rates'>,
  measure: (rate: number) => Promise<RatePoint>,
  log: (line: string) => void,
): Promise<OpenLoopResult> {
  const points: RatePoint[] = [];
  for (const [i, rate] of args.rates.entries()) {
    const point = await measure(rate);
    points.push(point);
    log(formatPoint(point));
    if (point.incomplete > 0) {
      const skippedRates = args.rates.slice(i + 1);
      return { points, skippedRates, ...sustainedOf(points) };
    }
  }
  return { points, skippedRates: [], ...sustainedOf(points) };
}

function sustainedOf(points: readonly RatePoint[]): Pick<OpenLoopResult, 'sustained'> {
  const kept = points.filter(
    (p) =>
      p.incomplete === 0 && p.offeredRateMet && p.completedPerSecond >= p.offeredPerSecond * 0.95,
  );
  const best = kept.sort((a, b) => b.offeredPerSecond - a.offeredPerSecond)[0];
  return best
    ? { sustained: { offeredPerSecond: best.offeredPerSecond, p99Ms: best.latencyMs.p99 } }
    : {};
}

const ms = (value: number): string =>
  Number.isNaN(value) ? '-' : value >= 1000 ? `${round(value / 1000, 2)} s` : `${round(value)} ms`;

/** `100/s → 97.8/s done, p50 420 ms p95 800 ms p99 1.1 s (3 incomplete, send lag p99 4 ms)` */
export function formatPoint(point: RatePoint): string {
  const { latencyMs: l } = point;
  const notes = [
    point.incomplete > 0 ? `${point.incomplete} incomplete` : '',
    point.offeredRateMet
      ? ''
      : `rate NOT offered: sent ${point.sentPerSecond}/s, send lag p99 ${ms(point.sendLagMs.p99)}`,
    point.dueToDoneMs ? `due→done p99 ${ms(point.dueToDoneMs.p99)}` : '',
    point.cpu ? `cpu ${coresUsed(point.cpu)}/${point.cpu.cores} cores` : '',
  ].filter((n) => n !== '');
  return `${point.offeredPerSecond}/s → ${point.completedPerSecond}/s done, p50 ${ms(l.p50)} p95 ${ms(l.p95)} p99 ${ms(l.p99)}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}
