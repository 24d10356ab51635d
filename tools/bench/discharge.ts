// Discharge-to-revenue end to end: inpatient stays admitted (A01) and discharged (A03) over MLLP,
// every service its own process, each discharge a saga of six steps across four services.
// Burst: `npm run bench -- discharge [count] [connections] [--tracing off|on|both]`: all A03s at
// once over `connections` connections. Open loop: `npm run bench -- discharge --rates 25,50
// --duration 60 [--drain 60]`: per rate, that many stays admitted first (not measured, the
// platform left to settle), then their A03s on a fixed schedule. With tracing on, every service
// exports its spans to the main stack's Jaeger (OTEL_EXPORTER_OTLP_ENDPOINT).
import { MllpClient } from '@meridian/hl7';
import type { Platform, Stay } from '@meridian/testing';
import type pg from 'pg';
import type { OpenLoopArgs } from './args.ts';
import { ackCode, OPEN_LOOP_MAX_CONNECTIONS } from './ingest.ts';
import { waitForIdle } from './kafka-idle.ts';
import { MllpPool } from './mllp-pool.ts';
import { ratePoint, sweep, type OpenLoopResult, type RatePoint } from './open-loop.ts';
import { sagaDatabase, startBenchPlatform, type BenchRun } from './run.ts';
import { arrivalSchedule, offerOnSchedule } from './schedule.ts';
import type { Burst } from './result.ts';
import { percentiles, quantile, round } from './stats.ts';

const TERMINAL = ['COMPLETED', 'FAILED', 'COMPENSATED', 'CANCELLED'];
/** Admissions of an open-loop rate go over this many connections, one in flight each. */
const ADMIT_CONNECTIONS = 8;
/** How long the platform may take to work through the admissions before the A03s start. */
const SETTLE_TIMEOUT_MS = 5 * 60_000;

interface SagaRow {
  readonly business_key: string;
  readonly status: string;
  readonly ms: number;
  readonly done_at: number;
}

/** Sends every message over `connections` connections, one in flight per connection; checks AA. */
async function sendAll(
  port: number,
  connections: number,
  messages: readonly string[],
): Promise<number[]> {
  const clients = await Promise.all(
    Array.from({ length: connections }, () => MllpClient.connect({ host: '127.0.0.1', port })),
  );
  const ackedAt: number[] = [];
  let next = 0;
  try {
    await Promise.all(
      clients.map(async (client) => {
        for (let i = next++; i < messages.length; i = next++) {
          const ack = await client.send(messages[i] ?? '');
          if (ackCode(ack) !== 'AA') throw new Error(`message ${i} answered ${ack}`);
          ackedAt[i] = Date.now();
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
  return ackedAt;
}

/** The orchestrator's instances of `keys`: status, start→last update (ms) and when (epoch ms). */
async function sagaRows(db: pg.Client, keys: readonly string[]): Promise<SagaRow[]> {
  const { rows } = await db.query<SagaRow>(
    `SELECT business_key, status,
            EXTRACT(EPOCH FROM (updated_at - started_at)) * 1000 AS ms,
            EXTRACT(EPOCH FROM updated_at) * 1000 AS done_at
       FROM saga_instance WHERE business_key = ANY($1)`,
    [keys],
  );
  return rows.map((r) => ({ ...r, ms: Number(r.ms), done_at: Number(r.done_at) }));
}

/** Polls until every key's saga is terminal or `deadline` (epoch ms) passed; the last rows. */
async function awaitTerminal(
  db: pg.Client,
  keys: readonly string[],
  deadline: number,
): Promise<SagaRow[]> {
  for (;;) {
    const rows = await sagaRows(db, keys);
    const done = rows.filter((r) => TERMINAL.includes(r.status)).length;
    if (done === keys.length || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

interface DischargePlatform {
  readonly platform: Platform;
  readonly db: pg.Client;
  readonly mllpPort: number;
  readonly prefix: string;
  stays(tag: string, count: number): Promise<Stay[]>;
  message(event: 'A01' | 'A03', stay: Stay): Promise<string>;
}

/** Every service, encounter-ingest on a free MLLP port, and a client of the orchestrator's database. */
async function withPlatform<T>(
  run: BenchRun,
  tracing: boolean,
  use: (p: DischargePlatform) => Promise<T>,
): Promise<T> {
  const testing = await import('@meridian/testing');
  const mllpPort = await testing.freePort();
  // Off is explicit: an endpoint in the caller's environment must not turn it on.
  const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: tracing ? testing.getInfra().otlpEndpoint : '' };
  const env = Object.fromEntries(testing.builtServices().map((name) => [name, otlp]));
  const platform = await startBenchPlatform(run, {
    prefix: 'bench',
    env: { ...env, 'encounter-ingest': { ...otlp, MLLP_PORT: String(mllpPort) } },
  });
  const db = sagaDatabase(run, platform);
  try {
    await db.connect();
    const prefix = testing
      .uniqueName('D')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 10);
    return await use({
      platform,
      db,
      mllpPort,
      prefix,
      stays: async (tag, count) =>
        Array.from({ length: count }, (_, i) =>
          testing.planStay({
            visitNumber: `${prefix}${tag}${i}`,
            picture: testing.CLINICAL_PICTURES[i % testing.CLINICAL_PICTURES.length],
          }),
        ),
      message: async (event, stay) => testing.stayMessage(event, stay),
    });
  } finally {
    await db.end();
    await platform.stop();
  }
}

export async function benchDischarges(
  run: BenchRun,
  count: number,
  connections: number,
  tracing: boolean,
): Promise<Burst> {
  return withPlatform(run, tracing, async ({ db, mllpPort, stays: plan, message }) => {
    const stays = await plan('', count);
    const messages = async (event: 'A01' | 'A03'): Promise<string[]> =>
      Promise.all(stays.map((s) => message(event, s)));
    await sendAll(mllpPort, connections, await messages('A01'));
    const keys = stays.map((s) => s.encounterId);
    const a03s = await messages('A03');
    const window = run.cpu.begin('saga');
    const started = Date.now();
    const ackedAt = await sendAll(mllpPort, connections, a03s);
    const rows = await awaitTerminal(db, keys, started + 15 * 60_000);
    const cpu = window.end(rows.filter((r) => r.status === 'COMPLETED').length);
    if (rows.length < count || rows.some((r) => !TERMINAL.includes(r.status)))
      throw new Error(`sagas not done in 15 minutes: ${rows.length} started`);
    const failed = rows.filter((r) => r.status !== 'COMPLETED');
    if (failed.length > 0) {
      throw new Error(
        `${failed.length} sagas did not complete: ${JSON.stringify(failed.slice(0, 5))}`,
      );
    }
    const index = new Map(keys.map((k, i) => [k, i]));
    const fromAck = rows.map((r) => r.done_at - (ackedAt[index.get(r.business_key) ?? 0] ?? 0));
    const seconds = (Math.max(...rows.map((r) => r.done_at)) - started) / 1000;
    const durations = rows.map((r) => r.ms);
    return {
      results: {
        sagas: count,
        connections,
        tracing: tracing ? 1 : 0,
        sagasPerSecond: round(count / seconds, 2),
        startToCompletionP50Ms: round(quantile(durations, 0.5)),
        startToCompletionP95Ms: round(quantile(durations, 0.95)),
        startToCompletionP99Ms: round(quantile(durations, 0.99)),
        dischargeAckToCompletionP50Ms: round(quantile(fromAck, 0.5)),
        dischargeAckToCompletionP99Ms: round(quantile(fromAck, 0.99)),
      },
      cpu,
    };
  });
}

/** One offered rate of discharges; the stays admitted and the platform settled beforehand. */
async function dischargesAtRate(
  run: BenchRun,
  p: DischargePlatform,
  pool: MllpPool,
  args: OpenLoopArgs,
  rate: number,
): Promise<RatePoint> {
  const { log } = run;
  const brokers = (await import('@meridian/testing')).getInfra().kafkaBrokers;
  const offsets = arrivalSchedule(rate, args.durationS);
  const stays = await p.stays(`R${rate}N`, offsets.length);
  log(`  ${rate}/s: admitting ${stays.length} stays first (not measured) ...`);
  await sendAll(
    p.mllpPort,
    ADMIT_CONNECTIONS,
    await Promise.all(stays.map((s) => p.message('A01', s))),
  );
  const lagLeft = await waitForIdle(brokers, SETTLE_TIMEOUT_MS);
  if (lagLeft > 0) log(`  ${rate}/s: ${lagLeft} messages still unconsumed after the admissions`);
  const a03s = await Promise.all(stays.map((s) => p.message('A03', s)));
  const keys = stays.map((s) => s.encounterId);
  const sends: Promise<{ ack: string; sentAt: number }>[] = [];
  log(`  ${rate}/s: discharging for ${args.durationS} s ...`);
  const window = run.cpu.begin('saga');
  const { dueAt } = await offerOnSchedule(offsets, (i) => {
    sends[i] = pool.send(a03s[i] ?? '');
  });
  const sent = await Promise.all(sends);
  const refused = sent.filter((s) => ackCode(s.ack) !== 'AA').length;
  const rows = await awaitTerminal(p.db, keys, Date.now() + args.drainS * 1000);
  const completed = rows.filter((r) => r.status === 'COMPLETED');
  const cpu = window.end(completed.length);
  const statuses: Record<string, number> = {};
  for (const r of rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  // Wall-clock time of each arrival (the database's timestamps are wall-clock).
  const dueWall = dueAt.map((d) => performance.timeOrigin + d);
  const index = new Map(keys.map((k, i) => [k, i]));
  const dueOf = (key: string): number => dueWall[index.get(key) ?? 0] ?? 0;
  await waitForIdle(brokers, SETTLE_TIMEOUT_MS);
  return {
    ...ratePoint({
      rate,
      durationS: args.durationS,
      dueAt,
      sentAt: sent.map((s) => s.sentAt),
      doneAt: completed.map((r) => r.done_at),
      latencyMs: completed.map((r) => r.ms),
    }),
    dueToDoneMs: percentiles(completed.map((r) => r.done_at - dueOf(r.business_key))),
    a03Refused: refused,
    statuses,
    peakConnections: pool.peakConnections,
    cpu,
  };
}

export async function dischargeOpenLoop(
  run: BenchRun,
  args: OpenLoopArgs,
): Promise<OpenLoopResult> {
  return withPlatform(run, args.tracing === 'on', async (p) => {
    const pool = new MllpPool(p.mllpPort, OPEN_LOOP_MAX_CONNECTIONS);
    try {
      return await sweep(args, (rate) => dischargesAtRate(run, p, pool, args, rate), run.log);
    } finally {
      await pool.close();
    }
  });
}
