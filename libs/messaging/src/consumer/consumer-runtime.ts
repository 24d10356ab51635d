import type { RecordOf, TopicContract, TopicRecordContract } from '@meridian/contracts';
import type { KafkaHeaders } from '@meridian/telemetry';
import type { Kafka, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { Draft, MessageEnvelope } from '../envelope.js';
import type { OutboxWriter } from '../outbox/outbox.writer.js';
import type { PublishOptions } from '../producer/outgoing-message.js';
import type { AvroSerde } from '../serde/avro-serde.js';
import type { StartRetry } from '../start/retry-at-start.js';
import { BatchProcessor, type Registration } from './batch-processor.js';
import { DEFAULT_CONSUMER_BATCH_MAX } from './consumer-batch.js';
import {
  DEFAULT_JOIN_GRACE_MS,
  DEFAULT_RESTART_POLICY,
  type ConsumerHealth,
  type RestartPolicy,
} from './consumer-health.js';
import type { ConsumerMetrics } from './consumer-metrics.js';
import {
  DEFAULT_RETRY_POLICY,
  retryTopics,
  validateRetryPolicy,
  type RetryPolicy,
} from './retry-policy.js';
import { SupervisedConsumer } from './supervised-consumer.js';

/**
 * Partitions of the group's topics handled at the same time (each with a transaction of its own
 * open): enough to overlap one partition's database and Kafka waits with another's work on two
 * cores, few enough to leave the connection pool to the outbox relay and the HTTP API.
 */
export const DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY = 3;

/** How long a consumer waits before reading a message again when infrastructure is down. */
export const DEFAULT_INFRASTRUCTURE_PAUSE_MS = 2_000;

/** What a handler gets besides the decoded record. */
export interface MessageContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly envelope: MessageEnvelope;
  readonly headers: KafkaHeaders;
  /** 1 on first delivery, 2 on the first retry, ... */
  readonly attempt: number;
  /**
   * The transaction the handler's database work belongs to (with the processed-message row): its
   * batch's, inside a savepoint of this message's own, so a handler that throws is rolled back
   * alone.
   */
  readonly manager: EntityManager;
  /** Publishes through the outbox in the same transaction, caused by this message. */
  publish<C extends TopicContract<unknown>, K extends TopicRecordContract<C>>(
    topic: C,
    contract: K,
    draft: Draft<RecordOf<K>>,
    options: PublishOptions,
  ): Promise<string>;
}

export type MessageHandler<T> = (value: T, context: MessageContext) => Promise<void>;

interface ConsumedTopic {
  readonly topic: TopicContract<unknown>;
  readonly registrations: Map<string, Registration>;
}

export interface ConsumerRuntimeOptions {
  readonly group: string;
  readonly kafka: Kafka;
  readonly serde: AvroSerde;
  readonly dataSource: DataSource;
  readonly outbox: OutboxWriter;
  /** Sends to retry topics and the DLQ (idempotent, acks=all). */
  readonly producer: Producer;
  readonly logger: Logger;
  /** Where skipped records are counted (the service's Prometheus registry). */
  readonly metrics: ConsumerMetrics;
  readonly retry?: RetryPolicy;
  /** Default DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY (3). */
  readonly partitionsConsumedConcurrently?: number;
  /** How long to wait before reading a message again when infrastructure is down (2 s). */
  readonly infrastructurePauseMs?: number;
  /**
   * The most messages of a partition handled in one transaction (default
   * DEFAULT_CONSUMER_BATCH_MAX, 50; services: the kit's `CONSUMER_BATCH_MAX`).
   */
  readonly batchMax?: number;
  /** Backoff of the runtime's own restarts of a consumer kafkajs gave up on. */
  readonly restart?: RestartPolicy;
  /** How long a consumer may be out of its group (starting, rebalancing) and still be ready. */
  readonly joinGraceMs?: number;
  /** kafkajs' session timeout (default 30 s). */
  readonly sessionTimeoutMs?: number;
  /** kafkajs' fetch long poll, also the longest a stop waits for the fetch in flight (default 1 s). */
  readonly maxWaitTimeMs?: number;
  /** How each consumer's start retries while the broker settles (`retryAtStart`). */
  readonly startRetry?: StartRetry;
}

/**
 * Consumes a group's topics in batches, per partition and in order: a partition's fetched messages
 * are decoded with their handlers' contracts and handled in one database transaction (at most
 * `batchMax` of them), each handler in a savepoint of its own, with the messages' processed-message
 * rows (a message already recorded is a duplicate and skipped); the offsets are committed once the
 * transaction has, once per transaction. A record of a type the group has no handler for on that
 * topic is skipped (committed, counted in `messaging_records_skipped_total`). A handler's failure
 * rolls back that message alone and sends it to the next retry topic (exponential backoff) and
 * finally to the group's DLQ with the original bytes, key and headers plus the error, attempt count
 * and source position; the partition moves on either way. Infrastructure down (schema registry,
 * database) is not a message's fault: nothing is diverted, what is not committed is read again
 * after a pause. Retries run in a second consumer, through the same code, each once it is due (the
 * due ones of a partition in one transaction), so they never hold up new messages. Both consumers are supervised: `health()` reports each one's
 * readiness, and one that kafkajs gave up on is restarted with backoff. (`BatchProcessor` has the
 * details.)
 */
export class ConsumerRuntime {
  /** Per consumed topic (by name): its contract and the handlers of its records. */
  private readonly handlers = new Map<string, ConsumedTopic>();
  private readonly retry: RetryPolicy;
  private readonly processor: BatchProcessor;
  private consumers: SupervisedConsumer[] = [];

  constructor(private readonly options: ConsumerRuntimeOptions) {
    this.retry = validateRetryPolicy(options.retry ?? DEFAULT_RETRY_POLICY);
    this.processor = new BatchProcessor({
      ...options,
      retry: this.retry,
      infrastructurePauseMs: options.infrastructurePauseMs ?? DEFAULT_INFRASTRUCTURE_PAUSE_MS,
      batchMax: options.batchMax ?? DEFAULT_CONSUMER_BATCH_MAX,
      registrations: (topic) =>
        this.handlers.get(topic)?.registrations ?? new Map<string, Registration>(),
    });
  }

  get group(): string {
    return this.options.group;
  }

  /** Topics this runtime needs besides the ones it consumes: its retry topics and its DLQ. */
  get failureTopics(): string[] {
    return [...retryTopics(this.group, this.retry), `${this.group}.dlq`];
  }

  get topics(): string[] {
    return [...this.handlers.keys()];
  }

  on<C extends TopicContract<unknown>, K extends TopicRecordContract<C>>(
    topic: C,
    contract: K,
    handler: MessageHandler<RecordOf<K>>,
  ): this {
    const registrations =
      this.handlers.get(topic.name)?.registrations ?? new Map<string, Registration>();
    if (registrations.has(contract.fullName))
      throw new Error(`${topic.name}: a handler for ${contract.fullName} is already registered`);
    registrations.set(contract.fullName, { contract, handler: handler as MessageHandler<unknown> });
    this.handlers.set(topic.name, { topic, registrations });
    return this;
  }

  /**
   * Joins the group (and the retry group). Meanwhile the writer schemas of the consumed topics'
   * records are fetched, so no record type's first message waits for the registry (best effort:
   * what cannot be fetched now is fetched at its first message).
   */
  async start(): Promise<void> {
    if (this.handlers.size === 0) throw new Error(`consumer group ${this.group} has no handlers`);
    const decoding = this.prepareDecoding();
    const main = this.supervise(this.group, this.topics, false);
    this.consumers = [main];
    await main.start();
    const retries = retryTopics(this.group, this.retry);
    if (retries.length > 0) {
      const retryConsumer = this.supervise(`${this.group}.retry`, retries, true);
      this.consumers.push(retryConsumer);
      await retryConsumer.start();
    }
    await decoding;
  }

  /** Disconnects after the messages in flight are handled and committed. */
  async stop(): Promise<void> {
    const consumers = this.consumers;
    this.consumers = [];
    await Promise.all(consumers.map((c) => c.stop()));
  }

  /** The readiness of each consumer of a started runtime (the group's and its retry group's). */
  health(): ConsumerHealth[] {
    return this.consumers.map((c) => c.health());
  }

  /** Never rejects: `AvroSerde.prepareConsumer` leaves what fails to the first message. */
  private async prepareDecoding(): Promise<void> {
    const { serde, logger } = this.options;
    const ready = await Promise.all(
      [...this.handlers.values()].map(({ topic, registrations }) =>
        serde.prepareConsumer(
          topic,
          new Map([...registrations].map(([name, r]) => [name, r.contract])),
        ),
      ),
    );
    logger.debug(
      { group: this.group, schemas: ready.reduce((sum, n) => sum + n, 0) },
      'writer schemas of the consumed topics fetched',
    );
  }

  private supervise(groupId: string, topics: string[], delayed: boolean): SupervisedConsumer {
    return new SupervisedConsumer({
      kafka: this.options.kafka,
      groupId,
      topics,
      partitionsConsumedConcurrently: delayed
        ? topics.length
        : (this.options.partitionsConsumedConcurrently ?? DEFAULT_PARTITIONS_CONSUMED_CONCURRENTLY),
      eachBatch: (payload) => this.processor.consume(payload, delayed),
      logger: this.options.logger,
      restart: this.options.restart ?? DEFAULT_RESTART_POLICY,
      joinGraceMs: this.options.joinGraceMs ?? DEFAULT_JOIN_GRACE_MS,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      maxWaitTimeMs: this.options.maxWaitTimeMs,
      ...(this.options.startRetry ? { startRetry: this.options.startRetry } : {}),
    });
  }
}
