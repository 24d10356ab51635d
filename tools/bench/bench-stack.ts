// Every benchmark (but hl7-parse) runs on an isolated stack of its own: its own PostgreSQL, Kafka
// and schema registry, started here, torn down at the end with everything the run left (saga
// instances, commands on the catalogue's topics), so nothing of it meets `npm start` on the main
// stack. The main stack lends what holds no state of the platform: its OIDC issuer (services
// verify tokens against it at start-up) and Jaeger (spans of --tracing).
import { join } from 'node:path';
import { ALL_TOPICS } from '@meridian/contracts';
import { provisionTopics } from '@meridian/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { loadCatalog } from '../schemas/catalog.ts';
import { registerSubjects } from '../schemas/register.ts';
import { createRegistryClient } from '../schemas/registry.ts';
import { workTreeSource } from '../schemas/source.ts';
import { ROOT } from '../scripts/workspace.ts';
import { daemonFor } from '../stack/component.ts';
import { loadStackConfig, stackPaths } from '../stack/config.ts';
import { startIsolatedStack, type IsolatedEndpoints } from '../stack/isolated.ts';
import { keycloakAnswers } from '../stack/keycloak.ts';
import { readPid } from '../stack/process.ts';
import { onTeardown } from './teardown.ts';

export interface BenchStack extends IsolatedEndpoints {
  readonly oidcIssuer: string;
  /** Seconds from nothing to a stack with the catalogue's topics and schemas. */
  readonly startSeconds: number;
  /** The pid of each of its servers (postgres: the postmaster), from their pid files. */
  readonly serverPids: Readonly<Record<string, number>>;
}

const SERVERS = ['postgres', 'kafka', 'registry'] as const;

/** The pids in the pid files of the isolated stack in `home`. */
function serverPids(home: string): Record<string, number> {
  const paths = stackPaths(loadStackConfig({ MERIDIAN_HOME: home }));
  const pids: Record<string, number> = {};
  for (const name of SERVERS) {
    const pid = readPid(daemonFor(name, paths.run, paths.logs));
    if (pid !== undefined) pids[name] = pid;
  }
  return pids;
}

function portBase(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env['BENCH_STACK_PORT_BASE']?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65_530)
    throw new Error(`BENCH_STACK_PORT_BASE must be a TCP port ≤ 65530, got '${raw}'`);
  return value;
}

/**
 * Starts the run's isolated stack with the catalogue's topics and schemas, and points this
 * process' environment at it (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL), so the testing
 * library's infrastructure, the service processes, the saga fixture and raw Kafka all use it.
 */
export async function startBenchStack(
  benchDir: string,
  log: (line: string) => void,
): Promise<BenchStack> {
  const started = performance.now();
  const { getInfra } = await import('@meridian/testing');
  const main = getInfra();
  if (!(await keycloakAnswers(main.oidcIssuer))) {
    throw new Error(
      `the OIDC issuer ${main.oidcIssuer} does not answer: benchmarks borrow the main stack's (npm run stack -- up) or OIDC_ISSUER's`,
    );
  }
  log('starting the isolated bench stack (PostgreSQL, Kafka, schema registry) ...');
  const stack = await startIsolatedStack({
    stacksDir: join(benchDir, 'stacks'),
    dist: stackPaths(loadStackConfig()).dist,
    portBase: portBase(process.env),
    log,
    onClaimed: (stop) => onTeardown('the isolated stack', stop),
  });
  Object.assign(process.env, {
    KAFKA_BROKERS: stack.endpoints.kafkaBrokers,
    SCHEMA_REGISTRY_URL: stack.endpoints.schemaRegistryUrl,
    DATABASE_URL: stack.endpoints.databaseUrl,
    OIDC_ISSUER: main.oidcIssuer,
    OTEL_EXPORTER_OTLP_ENDPOINT: main.otlpEndpoint,
    JAEGER_URL: main.jaegerUrl,
  });
  const admin = new Kafka({
    clientId: 'bench',
    brokers: stack.endpoints.kafkaBrokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await provisionTopics(admin, ALL_TOPICS, { replicationFactor: 1 });
  } finally {
    await admin.disconnect();
  }
  const report = await registerSubjects(
    loadCatalog(workTreeSource(ROOT)).subjects,
    createRegistryClient({ url: stack.endpoints.schemaRegistryUrl }),
  );
  if (report.rejected > 0) {
    const rejected = report.outcomes.filter((o) => o.status === 'rejected');
    throw new Error(
      `the bench registry refused ${report.rejected} schemas: ${rejected.map((o) => `${o.subject}: ${o.error ?? ''}`).join('; ')}`,
    );
  }
  return {
    ...stack.endpoints,
    oidcIssuer: main.oidcIssuer,
    startSeconds: Math.round((performance.now() - started) / 100) / 10,
    serverPids: serverPids(stack.home),
  };
}
