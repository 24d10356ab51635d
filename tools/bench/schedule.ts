// Open-loop arrivals: work is offered on a fixed schedule whatever the system under test does, so
// queueing shows as latency and a rate above capacity shows as a backlog (a closed loop would
// slow down with the system and hide both).
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Arrival offsets in ms from the start: `rate` per second, evenly spaced, every one due before
 * `durationS` ends.
 */
export function arrivalSchedule(rate: number, durationS: number): number[] {
  // The epsilon keeps 150/s × 60 s at 9,000 when floating point lands a hair above.
  const count = Math.ceil(rate * durationS - 1e-9);
  return Array.from({ length: count }, (_, i) => (i * 1000) / rate);
}

export interface Offered {
  /** performance.now() of the first arrival; every arrival is due at start + its offset. */
  readonly start: number;
  /** When each arrival was due (performance.now() time). */
  readonly dueAt: readonly number[];
  /** How late each arrival was handed to `offer` (the event loop's lag), ms. */
  readonly dispatchLagMs: readonly number[];
}

/**
 * Hands arrival i to `offer(i, dueAt)` at start + offsets[i] without waiting for earlier ones (their
 * promises are collected in `pending`): every arrival due by now goes out in one turn of the loop,
 * then it sleeps until the next is due.
 */
export async function offerOnSchedule(
  offsets: readonly number[],
  offer: (index: number, dueAt: number) => void,
): Promise<Offered> {
  const start = performance.now();
  const dueAt = offsets.map((o) => start + o);
  const dispatchLagMs: number[] = [];
  let next = 0;
  while (next < dueAt.length) {
    const now = performance.now();
    for (; next < dueAt.length && (dueAt[next] ?? 0) <= now; next += 1) {
      dispatchLagMs.push(now - (dueAt[next] ?? now));
      offer(next, dueAt[next] ?? now);
    }
    if (next < dueAt.length) await sleep(Math.max(0, (dueAt[next] ?? now) - performance.now()));
  }
  return { start, dueAt, dispatchLagMs };
}
