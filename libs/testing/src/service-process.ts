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
 * - a young generation of 2 x 8 MB semi-spaces: Node 24 lets each grow to 64 MB, which held
 *   80-110 MB more RSS per service under load for the same ~60 MB of live heap; 8 MB rather than
 *   16 takes 15 MB less RSS per service for the same CPU per message (encounter-ingest, 2000 ADT
 *   over 8 connections, back to back: 2.68/3.35 s against 2.77/3.53 s);
 * - OpenTelemetry loaded before the service's modules (off unless OTEL_EXPORTER_OTLP_ENDPOINT is
 *   set: only its no-op API is loaded then).
 */
export const SERVICE_NODE_ARGS: readonly string[] = [
  '--max-semi-space-size=8',
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
