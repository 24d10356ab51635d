// Discharge-to-revenue end to end: N inpatient stays admitted (A01) and discharged (A03) over MLLP,
// every service its own process, each discharge a saga of six steps across four services.
// `npm run bench -- discharge [count] [connections] [--tracing off|on|both]`: with tracing on,
// every service exports its spans to the stack's Jaeger (OTEL_EXPORTER_OTLP_ENDPOINT).
import { MllpClient } from '@meridian/hl7';
import pg from 'pg';
import { ackCode } from './ingest.ts';
import { quantile, round } from './stats.ts';

const TERMINAL = ['COMPLETED', 'FAILED', 'COMPENSATED', 'CANCELLED'];

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

export async function benchDischarges(
  count: number,
  connections: number,
  tracing: boolean,
): Promise<Record<string, number>> {
  const {
    builtServices,
    CLINICAL_PICTURES,
    freePort,
    getInfra,
    planStay,
    startPlatform,
    stayMessage,
    uniqueName,
  } = await import('@meridian/testing');
  const mllpPort = await freePort();
  // Off is explicit: an endpoint in the caller's environment must not turn it on.
  const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: tracing ? getInfra().otlpEndpoint : '' };
  const env = Object.fromEntries(builtServices().map((name) => [name, otlp]));
  const platform = await startPlatform({
    prefix: 'bench',
    env: { ...env, 'encounter-ingest': { ...otlp, MLLP_PORT: String(mllpPort) } },
  });
  const db = new pg.Client({ connectionString: platform.databaseUrl('saga-orchestrator') });
  await db.connect();
  try {
    const run = uniqueName('D')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 10);
    const stays = Array.from({ length: count }, (_, i) =>
      planStay({
        visitNumber: `${run}${i}`,
        picture: CLINICAL_PICTURES[i % CLINICAL_PICTURES.length],
      }),
    );
    await sendAll(
      mllpPort,
      connections,
      stays.map((s) => stayMessage('A01', s)),
    );
    const keys = stays.map((s) => s.encounterId);
    const started = Date.now();
    const ackedAt = await sendAll(
      mllpPort,
      connections,
      stays.map((s) => stayMessage('A03', s)),
    );
    const deadline = started + 15 * 60_000;
    let rows: SagaRow[] = [];
    while (rows.length < count || rows.some((r) => !TERMINAL.includes(r.status))) {
      if (Date.now() > deadline)
        throw new Error(`sagas not done in 15 minutes: ${rows.length} started`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      ({ rows } = await db.query<SagaRow>(
        `SELECT business_key, status,
                EXTRACT(EPOCH FROM (updated_at - started_at)) * 1000 AS ms,
                EXTRACT(EPOCH FROM updated_at) * 1000 AS done_at
           FROM saga_instance WHERE business_key = ANY($1)`,
        [keys],
      ));
    }
    const failed = rows.filter((r) => r.status !== 'COMPLETED');
    if (failed.length > 0) {
      throw new Error(
        `${failed.length} sagas did not complete: ${JSON.stringify(failed.slice(0, 5))}`,
      );
    }
    const index = new Map(keys.map((k, i) => [k, i]));
    const fromAck = rows.map(
      (r) => Number(r.done_at) - (ackedAt[index.get(r.business_key) ?? 0] ?? 0),
    );
    const seconds = (Math.max(...rows.map((r) => Number(r.done_at))) - started) / 1000;
    return {
      sagas: count,
      connections,
      tracing: tracing ? 1 : 0,
      sagasPerSecond: round(count / seconds, 2),
      startToCompletionP50Ms: round(
        quantile(
          rows.map((r) => Number(r.ms)),
          0.5,
        ),
      ),
      startToCompletionP99Ms: round(
        quantile(
          rows.map((r) => Number(r.ms)),
          0.99,
        ),
      ),
      dischargeAckToCompletionP50Ms: round(quantile(fromAck, 0.5)),
      dischargeAckToCompletionP99Ms: round(quantile(fromAck, 0.99)),
    };
  } finally {
    await db.end();
    await platform.stop();
  }
}
