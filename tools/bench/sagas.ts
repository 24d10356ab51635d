// Saga engine throughput: bed-to-claim sagas (3 commands and replies each, through scripted
// participants, Kafka, the registry and PostgreSQL), the engine in this process.
// Burst: `npm run bench -- sagas [count]`, every trigger published one after the other.
// Open loop: `npm run bench -- sagas --rates 25,50 --duration 60`, triggers on a fixed schedule.
// With --cpu-prof this process (engine, participants) is profiled.
import { createSagaFixture, type SagaFixture } from '@meridian/saga/testing';
import type { OpenLoopArgs } from './args.ts';
import { ratePoint, sweep, type OpenLoopResult, type RatePoint } from './open-loop.ts';
import { profiled, type BenchRun } from './run.ts';
import { arrivalSchedule, offerOnSchedule } from './schedule.ts';
import type { Burst } from './result.ts';
import { percentiles, quantile, round } from './stats.ts';
import { onTeardown } from './teardown.ts';

interface Done {
  readonly business_key: string;
  readonly ms: number;
  readonly done_at: number;
}

/** The fixture with both participants and an orchestrator; cleaned up after `use`. */
async function withEngine<T>(use: (fixture: SagaFixture) => Promise<T>): Promise<T> {
  const fixture = await createSagaFixture('bench');
  const cleanup = onTeardown('the saga fixture', () => fixture.cleanup());
  try {
    await fixture.participant('workforce');
    await fixture.participant('revenue');
    // A reply timeout far above the latency under load: a bench measures no retries.
    await fixture.startOrchestrator([fixture.definition({ replyTimeoutMs: 90_000 })]);
    return await use(fixture);
  } finally {
    await cleanup();
  }
}

/** Completed sagas among `keys` (`LIKE prefix%`): start→complete ms and when (epoch ms). */
async function completed(fixture: SagaFixture, prefix: string): Promise<Done[]> {
  const rows = await fixture.dataSource.query<Done[]>(
    `SELECT business_key, EXTRACT(EPOCH FROM (updated_at - started_at)) * 1000 AS ms,
            EXTRACT(EPOCH FROM updated_at) * 1000 AS done_at
       FROM saga_instance WHERE status = 'COMPLETED' AND business_key LIKE $1`,
    [`${prefix}%`],
  );
  return rows.map((r) => ({ ...r, ms: Number(r.ms), done_at: Number(r.done_at) }));
}

async function until(
  fixture: SagaFixture,
  prefix: string,
  count: number,
  deadline: number,
): Promise<Done[]> {
  for (;;) {
    const rows = await completed(fixture, prefix);
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export async function benchSagas(run: BenchRun, count: number): Promise<Burst> {
  return withEngine((fixture) =>
    profiled(run, async () => {
      const keys = Array.from({ length: count }, (_, i) => `B-${i}`);
      const window = run.cpu.begin('saga');
      const started = performance.now();
      for (const key of keys) await fixture.discharge(key);
      const rows = await until(fixture, 'B-', count, Date.now() + 15 * 60_000);
      const cpu = window.end(rows.length);
      if (rows.length < count)
        throw new Error(`only ${rows.length} of ${count} sagas completed in 15 minutes`);
      const seconds = (performance.now() - started) / 1000;
      const durations = rows.map((r) => r.ms);
      return {
        results: {
          sagas: count,
          sagasPerSecond: round(count / seconds, 2),
          p50Ms: round(quantile(durations, 0.5)),
          p95Ms: round(quantile(durations, 0.95)),
          p99Ms: round(quantile(durations, 0.99)),
        },
        cpu,
      };
    }),
  );
}

async function sagasAtRate(
  run: BenchRun,
  fixture: SagaFixture,
  args: OpenLoopArgs,
  rate: number,
): Promise<RatePoint> {
  const prefix = `R${rate}-`;
  const offsets = arrivalSchedule(rate, args.durationS);
  const published: Promise<number>[] = [];
  const window = run.cpu.begin('saga');
  const { dueAt } = await offerOnSchedule(offsets, (i) => {
    const dispatched = performance.now();
    published[i] = fixture.discharge(`${prefix}${i}`).then(() => dispatched);
  });
  // The trigger leaves when it is dispatched (publishing is the engine's input, not a queue of
  // the generator's); its publish latency is reported apart.
  const dispatchedAt = await Promise.all(published);
  const rows = await until(fixture, prefix, offsets.length, Date.now() + args.drainS * 1000);
  const cpu = window.end(rows.length);
  const dueWall = (key: string): number =>
    performance.timeOrigin + (dueAt[Number(key.slice(prefix.length))] ?? 0);
  return {
    ...ratePoint({
      rate,
      durationS: args.durationS,
      dueAt,
      sentAt: dispatchedAt,
      doneAt: rows.map((r) => r.done_at),
      latencyMs: rows.map((r) => r.ms),
    }),
    dueToDoneMs: percentiles(rows.map((r) => r.done_at - dueWall(r.business_key))),
    cpu,
  };
}

export async function sagasOpenLoop(run: BenchRun, args: OpenLoopArgs): Promise<OpenLoopResult> {
  return withEngine((fixture) =>
    profiled(run, () => sweep(args, (rate) => sagasAtRate(run, fixture, args, rate), run.log)),
  );
}
