// The whole platform as separate processes: every service of services/ on its own fresh database,
// against the test infrastructure. For the e2e tests and the end-to-end benchmarks.
import { existsSync, readdirSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { topicsConsumedBy } from './consumed-topics.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { getInfra, workspaceRoot } from './infra.js';
import { purgeConsumerGroup, startGroupAtEnd, withKafkaAdmin } from './kafka-groups.js';
import { uniqueName } from './names.js';
import { startServiceProcess, type ServiceProcess } from './service-process.js';

/** Every built service (a folder of services/ with dist/main.js), sorted. */
export function builtServices(): string[] {
  const dir = join(workspaceRoot(), 'services');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'dist', 'main.js')))
    .sort();
}

/** A TCP port that was free a moment ago (bound to port 0, then closed). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

export interface Platform {
  /** The running process of a service; throws for an unknown name. */
  service(name: string): ServiceProcess;
  /** `http://127.0.0.1:<port>` of a service. */
  url(name: string): string;
  /** The database of a service (e.g. to query the orchestrator's saga instances). */
  databaseUrl(name: string): string;
  /** Environment each service got besides its database (e.g. `MLLP_PORT`). */
  readonly env: Readonly<Record<string, NodeJS.ProcessEnv>>;
  /** `kill -9` of a service's process (the crash); resolves once it exited. */
  crash(name: string): Promise<void>;
  /** Starts a service again on the same database and environment. */
  restart(name: string): Promise<ServiceProcess>;
  /** Stops every process (SIGTERM) and drops the databases. */
  stop(): Promise<void>;
}

export interface PlatformOptions {
  /** Database name prefix, e.g. `e2e`. */
  readonly prefix: string;
  /** Extra environment per service name. */
  readonly env?: Readonly<Record<string, NodeJS.ProcessEnv>>;
  /** Services to start; default every built service. */
  readonly services?: readonly string[];
  readonly onLine?: (service: string, line: string) => void;
}

/** Starts every service as its own process, each on a fresh database; resolves once all listen. */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const infra = getInfra();
  const names = options.services ?? builtServices();
  const databases = new Map<string, TestDatabase>();
  const processes = new Map<string, ServiceProcess>();
  // Each service consumes in a group of its own, starting at the current end of the catalogue's
  // topics: earlier tests' events and commands on the shared topics are not replayed to it.
  const run = uniqueName(options.prefix);
  const groups = Object.fromEntries(names.map((name) => [name, `${run}-${name}`]));
  const existing = await withKafkaAdmin(
    new Kafka({
      clientId: 'platform',
      brokers: [...infra.kafkaBrokers],
      logLevel: logLevel.NOTHING,
    }),
    (admin) => admin.listTopics(),
  );
  // Groups in parallel, each on the topics its service consumes.
  await Promise.all(
    names.map((name) =>
      startGroupAtEnd({
        brokers: infra.kafkaBrokers,
        group: groups[name] ?? name,
        topics: topicsConsumedBy(name).filter((t) => existing.includes(t)),
      }),
    ),
  );
  const env = Object.fromEntries(
    names.map((name) => [name, { KAFKA_CONSUMER_GROUP: groups[name], ...options.env?.[name] }]),
  );

  const start = async (name: string): Promise<ServiceProcess> => {
    const database =
      databases.get(name) ??
      (await createTestDatabase(infra.databaseUrl, `${options.prefix}_${name.replace(/-/g, '_')}`));
    databases.set(name, database);
    const child = await startServiceProcess(name, {
      databaseUrl: database.url,
      env: env[name],
      ...(options.onLine ? { onLine: (line: string) => options.onLine?.(name, line) } : {}),
    });
    processes.set(name, child);
    return child;
  };
  const stop = async (): Promise<void> => {
    await Promise.all([...processes.values()].map((p) => p.stop()));
    processes.clear();
    await Promise.all([...databases.values()].map((d) => d.drop()));
    databases.clear();
    await Promise.all(
      Object.values(groups).map((group) =>
        purgeConsumerGroup({ brokers: infra.kafkaBrokers, group }),
      ),
    );
  };
  const running = (name: string): ServiceProcess => {
    const child = processes.get(name);
    if (!child) throw new Error(`${name} is not running (services: ${names.join(', ')})`);
    return child;
  };

  try {
    // One after the other: each service creates its topics at start-up, and a broker that has
    // just created a topic can answer other clients' first requests for it with
    // UNKNOWN_TOPIC_OR_PARTITION (seen when all of them started at once on a fresh stack).
    for (const name of names) await start(name);
  } catch (error) {
    // The start failure is the news; a cleanup failure after it would only hide it.
    await stop().catch(() => undefined);
    throw error;
  }
  return {
    service: running,
    url: (name) => running(name).url,
    databaseUrl: (name) => {
      const database = databases.get(name);
      if (!database) throw new Error(`${name} has no database (services: ${names.join(', ')})`);
      return database.url;
    },
    env,
    crash: async (name) => {
      await running(name).kill('SIGKILL');
      processes.delete(name);
    },
    restart: start,
    stop,
  };
}
