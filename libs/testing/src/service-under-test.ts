// One service as its own process on the real stack, for that service's integration tests: a fresh
// database, a consumer group of its own that starts at the current end of the topics it consumes
// (other runs' history is not replayed; their new messages still reach it and must be handled
// cleanly), taps on the topics it publishes, HTTP helpers, and the cleanup of all of it. A
// service's `src/testing/` adds only its domain helpers (a sender of its commands, its sample data).
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from './database.js';
import { getInfra, type InfraEndpoints } from './infra.js';
import { purgeConsumerGroup, startGroupAtEnd } from './kafka-groups.js';
import { uniqueName } from './names.js';
import { startServiceProcess, type ServiceProcess } from './service-process.js';
import { withBearer } from './tokens.js';
import { tapTopic, type TopicTap } from './topic-tap.js';

/** Something of the test's that is stopped with the service (a sender, a pool, a tap). */
export interface Stoppable {
  stop(): Promise<unknown>;
}

export interface ServiceUnderTestOptions {
  /** Name prefix of the fresh database; default the service name with `_` for `-`. */
  readonly databasePrefix?: string;
  /** The database of another process of the service, shared and kept at `stop`; default a fresh one. */
  readonly database?: TestDatabase;
  /**
   * Topic names the service consumes (they must exist: provision them first): its fresh consumer
   * group (KAFKA_CONSUMER_GROUP) starts at their current end. None: no group is set.
   */
  readonly consumes?: readonly string[];
  /** Topic names read from their current end before the service starts (see `tapped`). */
  readonly taps?: readonly string[];
  /** More environment of the process (its database and group are set here). */
  readonly env?: NodeJS.ProcessEnv;
  /** Every output line (JSON logs) as it comes. */
  readonly onLine?: (line: string) => void;
  /** The test's own things (a sender, ...): stopped with the service, or if it fails to start. */
  readonly owns?: readonly Stoppable[];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ServiceUnderTest {
  readonly process: ServiceProcess;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly infra: InfraEndpoints;
  readonly database: TestDatabase;
  /** The service's consumer group, fresh for this run (empty when it consumes nothing). */
  readonly group: string;
  /** The tap on one of the `taps` topics, started before the service. */
  tapped(topic: string): TopicTap;
  /** Reads `topic` from its current end (or its beginning); stopped by `stop`. */
  tap(topic: string, options?: { readonly fromBeginning?: boolean }): Promise<TopicTap>;
  /**
   * `fetch` on the service's HTTP port, with the harness' bearer token (every role: `harnessToken`)
   * unless `init` names an Authorization of its own. For a call without a token, `fetch(url)`.
   */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** GET `path`, asserting 200, as JSON. */
  getJson<T>(path: string, headers?: Readonly<Record<string, string>>): Promise<T>;
  /** `body` as JSON (none when undefined), or as text/csv when it is a string. */
  send(
    method: HttpMethod,
    path: string,
    body?: unknown,
    headers?: Readonly<Record<string, string>>,
  ): Promise<Response>;
  /** Runs `cleanup` at `stop`, before what was registered earlier. */
  onStop(cleanup: () => Promise<unknown>): void;
  /**
   * SIGTERM to the process; then the taps and owned things stop, the consumer group (with its
   * retry and DLQ topics) is purged and the database dropped (unless it was given).
   */
  stop(): Promise<void>;
}

/** Starts `services/<name>/dist/main.js` as described by `options`; see ServiceUnderTest. */
export async function startServiceUnderTest(
  name: string,
  options: ServiceUnderTestOptions = {},
): Promise<ServiceUnderTest> {
  const infra = getInfra();
  const brokers = infra.kafkaBrokers;
  const cleanups: (() => Promise<unknown>)[] = (options.owns ?? []).map(
    (owned) => () => owned.stop(),
  );
  const stop = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  const tapInto = async (
    undo: (() => Promise<unknown>)[],
    topic: string,
    tapOptions: { fromBeginning?: boolean } = {},
  ): Promise<TopicTap> => {
    const started = await tapTopic({
      brokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic,
      ...tapOptions,
    });
    undo.push(() => started.stop());
    return started;
  };
  const tap = (topic: string, tapOptions: { fromBeginning?: boolean } = {}) =>
    tapInto(cleanups, topic, tapOptions);
  try {
    const consumes = options.consumes ?? [];
    const group = consumes.length > 0 ? uniqueName(`${name.replace(/-/g, '_')}_it`) : '';
    // The group, the database and the taps at once, and undone together once the process stopped.
    const setup: (() => Promise<unknown>)[] = [];
    cleanups.push(() => settled(setup.map((undo) => undo())));
    if (group) setup.push(() => purgeConsumerGroup({ brokers, group }));
    const positioned = group
      ? startGroupAtEnd({ brokers, group, topics: consumes })
      : Promise.resolve();
    const created = options.database
      ? Promise.resolve(options.database)
      : createTestDatabase(
          infra.databaseUrl,
          options.databasePrefix ?? name.replace(/-/g, '_'),
        ).then((fresh) => {
          setup.push(() => fresh.drop());
          return fresh;
        });
    const tapping = (options.taps ?? []).map(
      async (topic) => [topic, await tapInto(setup, topic)] as const,
    );
    // Every step settles before a failure is thrown, so whatever did start is cleaned up.
    await settled([positioned, created, ...tapping]);
    const database = await created;
    const taps = new Map<string, TopicTap>(await Promise.all(tapping));
    const child = await startServiceProcess(name, {
      databaseUrl: database.url,
      env: { ...options.env, ...(group ? { KAFKA_CONSUMER_GROUP: group } : {}) },
      ...(options.onLine ? { onLine: options.onLine } : {}),
    });
    cleanups.push(() => child.stop());
    const call = async (path: string, init?: RequestInit): Promise<Response> =>
      fetch(`${child.url}${path}`, await withBearer(init));
    return {
      process: child,
      url: child.url,
      infra,
      database,
      group,
      tapped: (topic) => {
        const tapped = taps.get(topic);
        assert.ok(tapped, `${topic} is not among the taps of ${name}`);
        return tapped;
      },
      tap,
      fetch: call,
      getJson: async <T>(path: string, headers?: Readonly<Record<string, string>>) => {
        const response = await call(path, headers ? { headers } : undefined);
        const text = await response.text();
        assert.equal(response.status, 200, `GET ${path}: ${text}`);
        return JSON.parse(text) as T;
      },
      send: (method, path, body, headers = {}) =>
        call(path, {
          method,
          headers: {
            'content-type': typeof body === 'string' ? 'text/csv' : 'application/json',
            ...headers,
          },
          ...(body === undefined
            ? {}
            : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      onStop: (cleanup) => cleanups.push(cleanup),
      stop,
    };
  } catch (error) {
    // The start failure is the news; a cleanup failure after it would only hide it.
    await stop().catch(() => undefined);
    throw error;
  }
}

/** Waits for every one of `steps` to settle, then throws the first failure, if any. */
async function settled(steps: readonly Promise<unknown>[]): Promise<void> {
  const failure = (await Promise.allSettled(steps)).find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}
