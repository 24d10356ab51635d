// Saga engine throughput: N bed-to-claim sagas (3 commands and replies each, through scripted
// participants, Kafka, the registry and PostgreSQL). `npm run bench -- sagas [count]`
import { createSagaFixture } from '@meridian/saga/testing';
import { quantile, round } from './stats.ts';

export async function benchSagas(count: number): Promise<Record<string, number>> {
  const fixture = await createSagaFixture('bench');
  try {
    await fixture.participant('workforce');
    await fixture.participant('revenue');
    // A reply timeout far above the latency under load: a bench measures no retries.
    await fixture.startOrchestrator([fixture.definition({ replyTimeoutMs: 90_000 })]);
    const keys = Array.from({ length: count }, (_, i) => `B-${i}`);
    const started = performance.now();
    for (const key of keys) await fixture.discharge(key);
    const deadline = Date.now() + 15 * 60_000;
    let completed = 0;
    while (completed < count) {
      if (Date.now() > deadline)
        throw new Error(`only ${completed} of ${count} sagas completed in 15 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const [row] = await fixture.dataSource.query<{ n: string }[]>(
        "SELECT count(*) AS n FROM saga_instance WHERE status = 'COMPLETED'",
      );
      completed = Number(row?.n ?? 0);
    }
    const seconds = (performance.now() - started) / 1000;
    const rows = await fixture.dataSource.query<{ ms: number }[]>(
      "SELECT EXTRACT(EPOCH FROM (updated_at - started_at)) * 1000 AS ms FROM saga_instance WHERE status = 'COMPLETED'",
    );
    const durations = rows.map((r) => Number(r.ms));
    return {
      sagas: count,
      sagasPerSecond: round(count / seconds, 2),
      p50Ms: round(quantile(durations, 0.5)),
      p99Ms: round(quantile(durations, 0.99)),
    };
  } finally {
    await fixture.cleanup();
  }
}
