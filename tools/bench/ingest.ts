// HL7 intake: ADT^A01 messages over MLLP into encounter-ingest (its own process, real Kafka,
// registry and PostgreSQL), each answered AA only once its event is durably in Kafka.
// Burst: `npm run bench -- ingest [count] [connections]`, each connection sending its next message
// once the previous one was acknowledged, as an EHR's interface engine does per connection.
// Open loop: `npm run bench -- ingest --rates 250,500 --duration 60`, messages on a fixed
// schedule over as many connections as are needed (MllpPool), ACK latency from when each was due.
import { MllpClient } from '@meridian/hl7';
import type { OpenLoopArgs } from './args.ts';
import { MllpPool } from './mllp-pool.ts';
import { ratePoint, sweep, type OpenLoopResult, type RatePoint } from './open-loop.ts';
import { startBenchPlatform, type BenchRun } from './run.ts';
import { arrivalSchedule, offerOnSchedule } from './schedule.ts';
import type { Burst } from './result.ts';
import { percentiles, quantile, round } from './stats.ts';

/** MSA-1 of an ACK. */
export function ackCode(ack: string): string {
  const msa = ack.split('\r').find((segment) => segment.startsWith('MSA|'));
  return msa?.split('|')[1] ?? '';
}

/** The most connections an open loop opens: under encounter-ingest's MLLP_MAX_CONNECTIONS (100). */
export const OPEN_LOOP_MAX_CONNECTIONS = 64;

/** encounter-ingest alone, on a free MLLP port; `use` runs with the port and a run prefix. */
async function withIngest<T>(
  run: BenchRun,
  use: (mllpPort: number, prefix: string) => Promise<T>,
): Promise<T> {
  const { freePort, uniqueName } = await import('@meridian/testing');
  const mllpPort = await freePort();
  const platform = await startBenchPlatform(run, {
    prefix: 'bench',
    services: ['encounter-ingest'],
    env: { 'encounter-ingest': { MLLP_PORT: String(mllpPort) } },
  });
  try {
    const prefix = uniqueName('B')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 10);
    return await use(mllpPort, prefix);
  } finally {
    await platform.stop();
  }
}

async function admissions(prefix: string, count: number): Promise<string[]> {
  const { planStay, stayMessage } = await import('@meridian/testing');
  return Array.from({ length: count }, (_, i) =>
    stayMessage('A01', planStay({ visitNumber: `${prefix}${i}` })),
  );
}

export async function benchIngest(
  run: BenchRun,
  count: number,
  connections: number,
): Promise<Burst> {
  return withIngest(run, async (mllpPort, prefix) => {
    const messages = await admissions(prefix, count);
    const clients = await Promise.all(
      Array.from({ length: connections }, () =>
        MllpClient.connect({ host: '127.0.0.1', port: mllpPort }),
      ),
    );
    const latencies: number[] = [];
    const codes = new Map<string, number>();
    let next = 0;
    const window = run.cpu.begin('message');
    const started = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        for (let i = next++; i < count; i = next++) {
          const sent = performance.now();
          const code = ackCode(await client.send(messages[i] ?? ''));
          latencies.push(performance.now() - sent);
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = window.end(codes.get('AA') ?? 0);
    await Promise.all(clients.map((c) => c.close()));
    if ((codes.get('AA') ?? 0) !== count) {
      throw new Error(`expected ${count} AA, got ${JSON.stringify(Object.fromEntries(codes))}`);
    }
    return {
      results: {
        messages: count,
        connections,
        ackedPerSecond: round(count / seconds, 1),
        ackP50Ms: round(quantile(latencies, 0.5), 2),
        ackP99Ms: round(quantile(latencies, 0.99), 2),
      },
      cpu,
    };
  });
}

/** One offered rate: ACK latency from when each message was due; anything but AA is incomplete. */
async function ingestAtRate(
  run: BenchRun,
  pool: MllpPool,
  messages: readonly string[],
  rate: number,
  durationS: number,
): Promise<RatePoint> {
  const offsets = arrivalSchedule(rate, durationS);
  const sends: Promise<{ code: string; sentAt: number; ackedAt: number }>[] = [];
  const window = run.cpu.begin('message');
  const { dueAt } = await offerOnSchedule(offsets, (i) => {
    sends[i] = pool.send(messages[i] ?? '').then((s) => ({ ...s, code: ackCode(s.ack) }));
  });
  const sent = await Promise.all(sends);
  const acked = sent.filter((s) => s.code === 'AA');
  const cpu = window.end(acked.length);
  const codes: Record<string, number> = {};
  for (const s of sent) codes[s.code] = (codes[s.code] ?? 0) + 1;
  return {
    ...ratePoint({
      rate,
      durationS,
      dueAt,
      sentAt: sent.map((s) => s.sentAt),
      doneAt: acked.map((s) => s.ackedAt),
      latencyMs: sent.map((s, i) => s.ackedAt - (dueAt[i] ?? s.ackedAt)),
      digits: 2,
    }),
    ackAfterSendMs: percentiles(
      sent.map((s) => s.ackedAt - s.sentAt),
      2,
    ),
    ackCodes: codes,
    peakConnections: pool.peakConnections,
    cpu,
  };
}

export async function ingestOpenLoop(run: BenchRun, args: OpenLoopArgs): Promise<OpenLoopResult> {
  return withIngest(run, async (mllpPort, prefix) => {
    const pool = new MllpPool(mllpPort, OPEN_LOOP_MAX_CONNECTIONS);
    try {
      return await sweep(
        args,
        async (rate) => {
          const messages = await admissions(
            `${prefix}R${rate}N`,
            arrivalSchedule(rate, args.durationS).length,
          );
          return ingestAtRate(run, pool, messages, rate, args.durationS);
        },
        run.log,
      );
    } finally {
      await pool.close();
    }
  });
}
