// A Meridian service as its own process (services/<name>/dist/main.js), as it runs in production:
// for integration tests of one service and the whole-platform e2e tests.
import { join } from 'node:path';
import { getInfra, workspaceRoot } from './infra.js';
import { spawnNode, type ChildHandle } from './process.js';

export interface ServiceProcess extends ChildHandle {
  readonly name: string;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
}

export interface ServiceProcessOptions {
  /** The service's own database (e.g. from `createTestDatabase`). */
  readonly databaseUrl: string;
  /** More environment (KAFKA_BROKERS and SCHEMA_REGISTRY_URL default to the test infra). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * HTTP port; default 0 (any free port, read from the `listening` log line); `null` leaves PORT
   * unset, so the service listens on its own default.
   */
  readonly port?: number | null;
  /**
   * How long the service may take to listen; default 150 s, longer than one start step may retry
   * (START_RETRY_TIMEOUT_MS, 120 s), so a service still retrying is not given up on first.
   */
  readonly readyTimeoutMs?: number;
  /** Every output line (JSON logs) as it comes. */
  readonly onLine?: (line: string) => void;
}

/** The port of a service's `<name> listening` JSON log line, else undefined. */
export function listeningPort(name: string, line: string): number | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const entry = JSON.parse(line) as { msg?: unknown; port?: unknown };
    return entry.msg === `${name} listening` && typeof entry.port === 'number'
      ? entry.port
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How every service process starts: `npm start`, tests and benchmarks here, and the image's
 * ENTRYPOINT (deploy/images/Containerfile, checked against this list by the images test):
 * - a young generation of 2 x 4 MB semi-spaces: Node 24 lets each grow to 64 MB, which held
 *   80-110 MB more RSS per service under load for the same ~40 MB of live heap; 8 MB took 15 MB
 *   less than 16 for the same CPU per message, 4 MB ~8 MB less again (bench discharge 200 4 with
 *   the flag below: peaks 149.9-159 MB at 8, 139.6-151.8 at 4);
 * - the old generation collected once it grew 20% (V8: at least 8 MB) past what the last full GC
 *   kept (`--heap-growing-percent=20`; not a limit: the heap grows as far as it must). V8's own
 *   factor reaches 4 on a machine with gigabytes of memory: under load a service's old
 *   generation filled with garbage (kafkajs fetch buffers, decoded batches) up to twice its live
 *   size before a full GC (saga-orchestrator: heap used 80 MB and 18.7 MB of ArrayBuffers, 45 MB
 *   and 0.7 MB once collected).
 *   Both, back to back (bench discharge 200 4, peak RSS in the measured window, MB): orchestrator
 *   171.8 -> 147.7, revenue-cycle 163.7 -> 149, workforce-sync 160.4 -> 147.8, encounter-ingest
 *   159.4 -> 150.6, procure-to-pay 154.5 -> 144.7, observability 153.7 -> 151.8,
 *   supply-consumption 149.2 -> 139.5; CPU per saga of the seven services 105.3 -> 104.5 ms
 *   (each within 5%); more, shorter GC pauses (scavenges twice as many). bench ingest 2000 8:
 *   encounter-ingest 189.2 -> 170.2 MB, 1.56 -> 1.30 ms CPU per message (one connection 2.25 ->
 *   2.38);
 * - OpenTelemetry loaded before the service's modules (off unless OTEL_EXPORTER_OTLP_ENDPOINT is
 *   set: only its no-op API is loaded then).
 */
export const SERVICE_NODE_ARGS: readonly string[] = [
  '--max-semi-space-size=4',
  '--heap-growing-percent=20',
  '--import',
  '@meridian/telemetry/preload',
];

/**
 * Starts `node <SERVICE_NODE_ARGS> services/<name>/dist/main.js` and resolves
 * once it listens (Kafka consumers started). Its spans carry `OTEL_SERVICE_NAME=<name>`.
 */
export async function startServiceProcess(
  name: string,
  options: ServiceProcessOptions,
): Promise<ServiceProcess> {
  const infra = getInfra();
  const script = join(workspaceRoot(), 'services', name, 'dist', 'main.js');
  const { child, readyLine } = await spawnNode(script, {
    name,
    nodeArgs: SERVICE_NODE_ARGS,
    env: {
      OTEL_SERVICE_NAME: name,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: infra.schemaRegistryUrl,
      OIDC_ISSUER: infra.oidcIssuer,
      LOG_LEVEL: 'info',
      ...options.env,
      DATABASE_URL: options.databaseUrl,
      ...(options.port === null ? {} : { PORT: String(options.port ?? 0) }),
    },
    ready: (line) => listeningPort(name, line) !== undefined,
    readyTimeoutMs: options.readyTimeoutMs ?? 150_000,
    ...(options.onLine ? { onLine: options.onLine } : {}),
  });
  const port = listeningPort(name, readyLine) ?? -1;
  return { ...child, name, port, url: `http://127.0.0.1:${port}` };
}
