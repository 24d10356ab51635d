/** The q-quantile (0..1) of a list of numbers, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** p50, p95, p99 and the maximum of `values` (nearest rank), rounded to `digits`; NaN when empty. */
export function percentiles(values: readonly number[], digits = 1): Percentiles {
  const at = (q: number): number => round(quantile(values, q), digits);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

/**
 * Events per second over the span they occurred in (first to last: n events span n - 1
 * intervals); 0 for none, the count for one.
 */
export function perSecond(times: readonly number[]): number {
  if (times.length < 2) return times.length;
  const span = Math.max(...times) - Math.min(...times);
  return span <= 0 ? times.length : ((times.length - 1) * 1000) / span;
}
