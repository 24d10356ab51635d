// HL7 intake throughput: ADT^A01 messages over MLLP into encounter-ingest (its own process, real
// Kafka, registry and PostgreSQL), each answered AA only once its event is durably in Kafka.
// `npm run bench -- ingest [count] [connections]`
import { MllpClient } from '@meridian/hl7';
import { quantile, round } from './stats.ts';

/** MSA-1 of an ACK. */
export function ackCode(ack: string): string {
  const msa = ack.split('\r').find((segment) => segment.startsWith('MSA|'));
  return msa?.split('|')[1] ?? '';
}

export async function benchIngest(
  count: number,
  connections: number,
): Promise<Record<string, number>> {
  const { freePort, planStay, startPlatform, stayMessage, uniqueName } =
    await import('@meridian/testing');
  const mllpPort = await freePort();
  const platform = await startPlatform({
    prefix: 'bench',
    services: ['encounter-ingest'],
    env: { 'encounter-ingest': { MLLP_PORT: String(mllpPort) } },
  });
  try {
    const run = uniqueName('B')
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 10);
    const messages = Array.from({ length: count }, (_, i) =>
      stayMessage('A01', planStay({ visitNumber: `${run}${i}` })),
    );
    const clients = await Promise.all(
      Array.from({ length: connections }, () =>
        MllpClient.connect({ host: '127.0.0.1', port: mllpPort }),
      ),
    );
    const latencies: number[] = [];
    const codes = new Map<string, number>();
    let next = 0;
    const started = performance.now();
    // Each connection sends its next message once the previous one was acknowledged, as an EHR's
    // interface engine does per connection.
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
    await Promise.all(clients.map((c) => c.close()));
    if ((codes.get('AA') ?? 0) !== count) {
      throw new Error(`expected ${count} AA, got ${JSON.stringify(Object.fromEntries(codes))}`);
    }
    return {
      messages: count,
      connections,
      ackedPerSecond: round(count / seconds, 1),
      ackP50Ms: round(quantile(latencies, 0.5), 2),
      ackP99Ms: round(quantile(latencies, 0.99), 2),
    };
  } finally {
    await platform.stop();
  }
}
