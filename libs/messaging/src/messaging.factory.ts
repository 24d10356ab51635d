import type { RecordContract, TopicContract } from '@meridian/contracts';
import { Kafka, logLevel, Partitioners, type KafkaConfig, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { ConsumerHealth, RestartPolicy } from './consumer/consumer-health.js';
import { ConsumerMetrics } from './consumer/consumer-metrics.js';
import { ConsumerRuntime } from './consumer/consumer-runtime.js';
import { MESSAGING_ENTITIES } from './migrations.js';
import type { RetryPolicy } from './consumer/retry-policy.js';
import { OutboxRelay } from './outbox/outbox.relay.js';
import { OutboxWriter } from './outbox/outbox.writer.js';
import { MessagePublisher } from './producer/message-publisher.js';
import { AvroSerde } from './serde/avro-serde.js';
import { retryAtStart, type StartRetry } from './start/retry-at-start.js';
import { provisionTopics, type ProvisionResult } from './topics/provision-topics.js';

/** A topic and the records of it this service publishes. */
export interface Production {
  readonly topic: TopicContract<unknown>;
  readonly records: readonly RecordContract<unknown>[];
}

/** The kafkajs client's `ssl` and `sasl` options (e.g. from service-kit's `kafkaSecurity`). */
export type KafkaSecurity = Pick<KafkaConfig, 'ssl' | 'sasl'>;

export interface MessagingOptions {
  /** Goes into every envelope's `source` and the Kafka client id. */
  readonly serviceName: string;
  readonly brokers: readonly string[];
  /** TLS and SASL towards the brokers; none by default. */
  readonly security?: KafkaSecurity;
  readonly schemaRegistryUrl: string;
  readonly logger: Logger;
  /** Everything this service publishes: schema ids are looked up before it starts. */
  readonly produces: readonly Production[];
  /** Needed by the outbox and consumers (their tables come from MessagingTables migration). */
  readonly dataSource?: DataSource;
  readonly replicationFactor?: number;
  /**
   * The Prometheus registry the service serves at `/metrics` (the service kit's), where the
   * consumers' metrics go (`messaging_records_skipped_total`); default a private one.
   */
  readonly metrics?: Registry;
  /**
   * Start-up steps (the registry lookups, the producer's and the admin's connects, provisioning,
   * each consumer joining its group) try again on retriable errors with backoff, each for
   * `timeoutMs` (default START_RETRY_TIMEOUT_MS, 2 min); `signal` ends the waiting (a stop).
   */
  readonly startRetry?: StartRetry;
  /** The outbox relay's batch size and fallback poll (the service's OUTBOX_* variables). */
  readonly outbox?: OutboxOptions;
}

/** The outbox relay's tuning; every commit wakes it, so neither is on the hot path. */
export interface OutboxOptions {
  /** Most messages in one batch, one sendBatch (default OUTBOX_BATCH_SIZE, 200). */
  readonly batchSize?: number;
  /**
   * How long an idle relay waits before looking for unsent rows without being woken, which only
   * a notification lost with the relay's LISTEN connection needs (default
   * OUTBOX_FALLBACK_POLL_MS, 10 s).
   */
  readonly fallbackPollMs?: number;
}

/** Per consumer group: retries, concurrency, supervision and readiness. */
export interface ConsumerOptions {
  readonly retry?: RetryPolicy;
  /** Most messages of a partition handled in one transaction (default DEFAULT_CONSUMER_BATCH_MAX, 50). */
  readonly batchMax?: number;
  readonly partitionsConsumedConcurrently?: number;
  /** Backoff of restarts of a consumer kafkajs gave up on (default 1 s doubling to 30 s). */
  readonly restart?: RestartPolicy;
  /** How long a consumer may be out of its group (starting, rebalancing) and still be ready (30 s). */
  readonly joinGraceMs?: number;
  /**
   * kafkajs' session timeout: how long the group waits for a member that stopped heartbeating (a
   * killed process) before its partitions go to the others (default 30 s; the broker's floor is its
   * group.min.session.timeout.ms, 6 s by default).
   */
  readonly sessionTimeoutMs?: number;
  /**
   * kafkajs' fetch long poll: how long a fetch waits for new records, which is also how long a
   * stop may wait for the fetch in flight (default FETCH_MAX_WAIT_MS, 1 s).
   */
  readonly maxWaitTimeMs?: number;
}

export interface Messaging {
  readonly publisher: MessagePublisher;
  readonly outbox: OutboxWriter;
  readonly relay: OutboxRelay;
  consumer(group: string, options?: ConsumerOptions): ConsumerRuntime;
  /** The readiness of every started consumer (each group's and its retry group's). */
  health(): ConsumerHealth[];
  /** Creates the topics of `topics` and every consumer's retry and DLQ topics (idempotent). */
  provision(topics: readonly TopicContract<unknown>[]): Promise<ProvisionResult>;
  /** Stops consumers (after their messages in flight), the relay, then the producer. */
  stop(): Promise<void>;
}

function kafkaLogLevel(logger: Logger): logLevel {
  return logger.isLevelEnabled('debug') ? logLevel.INFO : logLevel.WARN;
}

/**
 * Connects the producer and checks that every schema this service will produce is registered:
 * a missing one fails here, at start-up, with the subject named.
 */
export async function createMessaging(options: MessagingOptions): Promise<Messaging> {
  const kafka = new Kafka({
    clientId: options.serviceName,
    brokers: [...options.brokers],
    ...options.security,
    logLevel: kafkaLogLevel(options.logger),
    logCreator: () => (entry) => {
      options.logger.warn({ kafkajs: entry.namespace, ...entry.log }, entry.log.message);
    },
  });
  if (
    options.dataSource &&
    !MESSAGING_ENTITIES.every((entity) => options.dataSource?.hasMetadata(entity))
  ) {
    throw new Error(
      'the DataSource lacks the messaging entities: add MESSAGING_ENTITIES to its entities',
    );
  }
  const start = { ...options.startRetry, logger: options.logger };
  const serde = new AvroSerde(options.schemaRegistryUrl);
  // Ids already looked up are cached: a retry asks only for the rest.
  await retryAtStart(
    async () => {
      for (const production of options.produces) {
        for (const record of production.records)
          await serde.prepareProducer(production.topic, record);
      }
    },
    { ...start, step: 'schema registry lookup' },
  );
  const producer: Producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await retryAtStart(() => producer.connect(), { ...start, step: 'kafka producer connect' });

  const requireDataSource = (what: string): DataSource => {
    if (!options.dataSource) throw new Error(`${what} needs a dataSource in the messaging options`);
    return options.dataSource;
  };
  let relay: OutboxRelay | undefined;
  const relayFor = (): OutboxRelay =>
    (relay ??= new OutboxRelay({
      dataSource: requireDataSource('the outbox relay'),
      producer,
      logger: options.logger,
      ...options.outbox,
    }));
  const outbox = new OutboxWriter({
    serde,
    source: options.serviceName,
    onWritten: () => relay?.nudge(),
    ...(options.dataSource ? { dataSource: options.dataSource } : {}),
  });
  const consumers: ConsumerRuntime[] = [];
  const metrics = new ConsumerMetrics(options.metrics ?? new Registry());

  return {
    publisher: new MessagePublisher({ producer, serde, source: options.serviceName }),
    outbox,
    get relay() {
      return relayFor();
    },
    consumer(group, consumerOptions = {}) {
      const runtime = new ConsumerRuntime({
        group,
        kafka,
        serde,
        dataSource: requireDataSource(`consumer group ${group}`),
        outbox,
        producer,
        logger: options.logger,
        metrics,
        ...(options.startRetry ? { startRetry: options.startRetry } : {}),
        ...consumerOptions,
      });
      consumers.push(runtime);
      return runtime;
    },
    health() {
      return consumers.flatMap((c) => c.health());
    },
    async provision(topics) {
      const admin = kafka.admin();
      await retryAtStart(() => admin.connect(), { ...start, step: 'kafka admin connect' });
      try {
        return await provisionTopics(
          admin,
          [
            ...topics.map((t) => ({ name: t.name, partitions: t.partitions })),
            ...consumers.flatMap((c) => c.failureTopics.map((name) => ({ name, partitions: 3 }))),
          ],
          {
            replicationFactor: options.replicationFactor ?? 1,
            logger: options.logger,
            ...(options.startRetry ? { startRetry: options.startRetry } : {}),
          },
        );
      } finally {
        await admin.disconnect();
      }
    },
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
      await relay?.stop();
      await producer.disconnect();
    },
  };
}
