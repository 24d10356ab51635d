// encounter-ingest as its own process on the real stack (see startServiceUnderTest), with MLLP on a
// port of its own and, for suites that read what it publishes, a tap on clinical.encounter.v1.
import { fileURLToPath } from 'node:url';
import { MllpClient } from '@meridian/hl7';
import { bodyOf, problemOf } from '@meridian/service-kit/testing';
import { freePort, getInfra, spawnNode, startServiceUnderTest } from '@meridian/testing';
import type { ServiceUnderTestOptions, ServiceUnderTest, TestDatabase } from '@meridian/testing';
import { tapEncounterEvents } from './encounter-tap.js';
import type { EncounterTap } from './encounter-tap.js';

export interface IngestProcess {
  readonly service: ServiceUnderTest;
  /** The MLLP port the process bound (MLLP_PORT=0), read from its `mllpPort` log line. */
  readonly mllpPort: number;
  /** A new MLLP connection to it. */
  connect(timeoutMs?: number): Promise<MllpClient>;
  /** Sends one HL7 message on a connection of its own, closed after: the ACK as received. */
  sendOne(raw: string): Promise<string>;
  /** The JSON answer to `path`, which must have `status` (a problem+json one from 400 on). */
  json<T>(path: string, init?: RequestInit, status?: number): Promise<T>;
}

/** The `mllpPort` of the service's `mllp listening` log line. */
function mllpPortOf(output: string): number {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: unknown; mllpPort?: unknown };
    if (entry.msg === 'mllp listening' && typeof entry.mllpPort === 'number') return entry.mllpPort;
  }
  throw new Error(`encounter-ingest logged no MLLP port:\n${output}`);
}

/** `database`: another process's, shared; `env` overrides. */
export type IngestOptions = Pick<ServiceUnderTestOptions, 'database' | 'env' | 'onLine' | 'owns'>;

const connectTo = (port: number, timeoutMs = 30_000): Promise<MllpClient> =>
  MllpClient.connect({ host: '127.0.0.1', port, timeoutMs });

/** Sends one HL7 message on a connection of its own, closed after: the ACK as received. */
async function sendOneTo(port: number, raw: string): Promise<string> {
  const client = await connectTo(port);
  try {
    return await client.send(raw);
  } finally {
    await client.close();
  }
}

/** Starts services/encounter-ingest/dist/main.js with MLLP_PORT=0 (a fresh database by default). */
export async function startIngestProcess(options: IngestOptions = {}): Promise<IngestProcess> {
  const service = await startServiceUnderTest('encounter-ingest', {
    ...options,
    env: { MLLP_PORT: '0', ...options.env },
  });
  const mllpPort = mllpPortOf(service.process.output());
  return {
    service,
    mllpPort,
    connect: (timeoutMs) => connectTo(mllpPort, timeoutMs),
    sendOne: (raw) => sendOneTo(mllpPort, raw),
    json: async <T>(path: string, init?: RequestInit, status = 200): Promise<T> => {
      const response = await service.fetch(path, init);
      return status >= 400
        ? ((await problemOf(response, status)) as T)
        : bodyOf<T>(response, status);
    },
  };
}

/** An ingest process that cannot reach Kafka (`startIngestWithoutKafka`). */
export interface KafkaLessIngest {
  sendOne(raw: string): Promise<string>;
  stop(): Promise<unknown>;
}

/**
 * An ingest process on `database` whose Kafka brokers do not answer: it never says `listening`
 * (its start retries Kafka, then gives up), but its MLLP listener takes messages from the start
 * and stores what Kafka did not take FAILED (AE 207) for a resend. Resolves once MLLP listens.
 */
export async function startIngestWithoutKafka(database: TestDatabase): Promise<KafkaLessIngest> {
  const infra = getInfra();
  const { child, readyLine } = await spawnNode(
    fileURLToPath(new URL('../main.js', import.meta.url)),
    {
      name: 'encounter-ingest without Kafka',
      env: {
        KAFKA_BROKERS: `127.0.0.1:${await freePort()}`,
        SCHEMA_REGISTRY_URL: infra.schemaRegistryUrl,
        OIDC_ISSUER: infra.oidcIssuer,
        DATABASE_URL: database.url,
        PORT: '0',
        MLLP_PORT: '0',
        LOG_LEVEL: 'info',
      },
      ready: (line) => line.includes('"mllp listening"'),
    },
  );
  const port = mllpPortOf(readyLine);
  return { sendOne: (raw) => sendOneTo(port, raw), stop: () => child.stop() };
}

/** An ingest process with a tap on clinical.encounter.v1 started before it. */
export interface TappedIngest {
  readonly ingest: IngestProcess;
  readonly tap: EncounterTap;
  /** Stops the process and the tap, then drops its database. */
  stop(): Promise<void>;
}

/**
 * The start-up of a suite that reads what the process publishes (`before`; `stop` in `after`):
 * the tap first, so it sees every event of the process.
 */
export async function startTappedIngest(
  options: Omit<IngestOptions, 'owns'> = {},
): Promise<TappedIngest> {
  const tap = await tapEncounterEvents(getInfra());
  const ingest = await startIngestProcess({ ...options, owns: [tap] });
  return { ingest, tap, stop: () => ingest.service.stop() };
}
