import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatPoint, ratePoint, sendStatistics, sweep, type RatePoint } from './open-loop.ts';
import { percentiles } from './stats.ts';

const point = (rate: number, incomplete: number, p99: number): RatePoint => ({
  offeredPerSecond: rate,
  durationS: 10,
  offered: rate * 10,
  sentPerSecond: rate,
  sendLagMs: percentiles([1]),
  offeredRateMet: true,
  completed: rate * 10 - incomplete,
  incomplete,
  completedPerSecond: rate,
  latencyMs: { p50: p99 / 2, p95: p99, p99, max: p99 },
});

describe('sendStatistics', () => {
  it('meets the offered rate when every arrival went out on time', () => {
    const due = [0, 100, 200, 300, 400];
    const stats = sendStatistics(
      10,
      due,
      due.map((d) => d + 2),
    );
    assert.equal(stats.sentPerSecond, 10);
    assert.equal(stats.sendLagMs.p99, 2);
    assert.equal(stats.offeredRateMet, true);
  });

  it('reports a rate not offered when sends fell behind the schedule', () => {
    const due = [0, 100, 200, 300, 400];
    const late = sendStatistics(10, due, [0, 200, 400, 600, 800]);
    assert.equal(late.sentPerSecond, 5);
    assert.equal(late.sendLagMs.max, 400);
    assert.equal(late.offeredRateMet, false);
  });
});

describe('ratePoint', () => {
  it('counts what was offered and done, the completion rate and the latency percentiles', () => {
    const due = [0, 100, 200, 300, 400];
    const point = ratePoint({
      rate: 10,
      durationS: 0.5,
      dueAt: due,
      sentAt: due,
      doneAt: [1_000, 1_100, 1_200, 1_400],
      latencyMs: [10, 20, 30, 40],
    });
    assert.equal(point.offered, 5);
    assert.equal(point.completed, 4);
    assert.equal(point.incomplete, 1);
    assert.equal(point.completedPerSecond, 7.5);
    assert.equal(point.latencyMs.max, 40);
    assert.equal(point.offeredRateMet, true);
  });
});

describe('sweep', () => {
  it('offers every rate in order while each completes, and names the sustained one', async () => {
    const offered: number[] = [];
    const result = await sweep(
      { rates: [10, 20, 40] },
      async (rate) => {
        offered.push(rate);
        return point(rate, 0, rate * 10);
      },
      () => undefined,
    );
    assert.deepEqual(offered, [10, 20, 40]);
    assert.deepEqual(result.skippedRates, []);
    assert.deepEqual(result.sustained, { offeredPerSecond: 40, p99Ms: 400 });
  });

  it('stops after a rate that left work undone, skipping the higher ones', async () => {
    const lines: string[] = [];
    const result = await sweep(
      { rates: [10, 20, 40, 80] },
      async (rate) => point(rate, rate >= 20 ? 7 : 0, 100),
      (line) => lines.push(line),
    );
    assert.deepEqual(
      result.points.map((p) => p.offeredPerSecond),
      [10, 20],
    );
    assert.deepEqual(result.skippedRates, [40, 80]);
    assert.deepEqual(result.sustained, { offeredPerSecond: 10, p99Ms: 100 });
    assert.match(lines[1] ?? '', /^20\/s → 20\/s done, .*7 incomplete/);
  });
});

describe('formatPoint', () => {
  it('prints seconds past a second and flags a rate the generator could not offer', () => {
    const line = formatPoint({
      ...point(100, 0, 1_250),
      offeredRateMet: false,
      sentPerSecond: 80,
    });
    assert.equal(
      line,
      '100/s → 100/s done, p50 625 ms p95 1.25 s p99 1.25 s (rate NOT offered: sent 80/s, send lag p99 1 ms)',
    );
  });
});
