// encounter-ingest as its own process on a fresh database, for integration tests.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MllpClient } from '@meridian/hl7';
import { createTestDatabase, getInfra, startServiceProcess } from '@meridian/testing';
import type { ServiceProcess, TestDatabase } from '@meridian/testing';
import { tapEncounterEvents } from './encounter-tap.js';
import type { EncounterTap } from './encounter-tap.js';

export interface IngestProcess {
  readonly service: ServiceProcess;
  readonly database: TestDatabase;
  /** The MLLP port the process bound (MLLP_PORT=0), read from its `mllpPort` log line. */
  readonly mllpPort: number;
  /** A new MLLP connection to it. */
  connect(timeoutMs?: number): Promise<MllpClient>;
  /** `fetch` on the service's HTTP port. */
  http(path: string, init?: RequestInit): Promise<Response>;
}

/** The `mllpPort` of the service's `mllp listening` log line. */
export function mllpPortOf(output: string): number {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: unknown; mllpPort?: unknown };
    if (entry.msg === 'mllp listening' && typeof entry.mllpPort === 'number') return entry.mllpPort;
  }
  throw new Error(`encounter-ingest logged no MLLP port:\n${output}`);
}

export interface IngestOptions {
  readonly database?: TestDatabase;
  readonly env?: NodeJS.ProcessEnv;
  /** Every output line (JSON logs) as it comes. */
  readonly onLine?: (line: string) => void;
}

/**
 * Starts services/encounter-ingest/dist/main.js with MLLP_PORT=0 on `database` (a fresh one when
 * omitted); `env` overrides, e.g. KAFKA_BROKERS of a broker that is down; `onLine` sees every
 * output line.
 */
export async function startIngestProcess(options: IngestOptions = {}): Promise<IngestProcess> {
  const database =
    options.database ?? (await createTestDatabase(getInfra().databaseUrl, 'encounter_ingest'));
  const service = await startServiceProcess('encounter-ingest', {
    databaseUrl: database.url,
    env: { MLLP_PORT: '0', ...options.env },
    ...(options.onLine ? { onLine: options.onLine } : {}),
  });
  const mllpPort = mllpPortOf(service.output());
  return {
    service,
    database,
    mllpPort,
    connect: (timeoutMs = 30_000) =>
      MllpClient.connect({ host: '127.0.0.1', port: mllpPort, timeoutMs }),
    http: (path, init) => fetch(`${service.url}${path}`, init),
  };
}

/** An ingest process with a tap on clinical.encounter.v1 started before it. */
export interface TappedIngest {
  readonly ingest: IngestProcess;
  readonly tap: EncounterTap;
  /** Stops the tap and the process, then drops its database. */
  stop(): Promise<void>;
}

/**
 * The start-up of a suite that reads what the process publishes (`before`; `stop` in `after`):
 * the tap first, so it sees every event of the process.
 */
export async function startTappedIngest(options: IngestOptions = {}): Promise<TappedIngest> {
  const tap = await tapEncounterEvents(getInfra());
  let ingest: IngestProcess;
  try {
    ingest = await startIngestProcess(options);
  } catch (error) {
    await tap.stop();
    throw error;
  }
  return {
    ingest,
    tap,
    stop: async () => {
      await tap.stop();
      await ingest.service.stop();
      await ingest.database.drop();
    },
  };
}

/** A TCP port nothing listens on (for a Kafka that is down). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
