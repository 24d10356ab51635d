import type {
  RecordContract,
  RecordOf,
  TopicContract,
  TopicRecordContract,
} from '@meridian/contracts';
import { extractTraceContext, type KafkaHeaders } from '@meridian/telemetry';
import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { Draft, MessageEnvelope } from '../envelope.js';
import { InfrastructureUnavailableError, isRetriable, UndecodableMessageError } from '../errors.js';
import type { OutboxWriter } from '../outbox/outbox.writer.js';
import type { PublishOptions } from '../producer/outgoing-message.js';
import type { AvroSerde } from '../serde/avro-serde.js';
import type { StartRetry } from '../start/retry-at-start.js';
import { inMessagingSpan } from '../tracing.js';
import {
  DEFAULT_JOIN_GRACE_MS,
  DEFAULT_RESTART_POLICY,
  type ConsumerHealth,
  type RestartPolicy,
} from './consumer-health.js';
import type { ConsumerMetrics } from './consumer-metrics.js';
import {
  attemptsMade,
  failureHeaders,
  notBefore,
  originalPosition,
  type SourcePosition,
} from './failure-headers.js';
import {
  DEFAULT_RETRY_POLICY,
  nextStep,
  retryTopics,
  validateRetryPolicy,
  type RetryPolicy,
} from './retry-policy.js';
import { SupervisedConsumer } from './supervised-consumer.js';

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
  /** The transaction the handler's database work belongs to (with the processed-message row). */
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
  readonly partitionsConsumedConcurrently?: number;
  /** How long to wait before reading a message again when infrastructure is down. */
  readonly infrastructurePauseMs?: number;
  /** Backoff of the runtime's own restarts of a consumer kafkajs gave up on. */
  readonly restart?: RestartPolicy;
  /** How long a consumer may be out of its group (starting, rebalancing) and still be ready. */
  readonly joinGraceMs?: number;
  /** kafkajs' session timeout (default 30 s). */
  readonly sessionTimeoutMs?: number;
  /** kafkajs' fetch long poll, also the longest a stop waits for the fetch in flight (default 5 s). */
  readonly maxWaitTimeMs?: number;
  /** How each consumer's start retries while the broker settles (`retryAtStart`). */
  readonly startRetry?: StartRetry;
}

interface Registration {
  readonly contract: RecordContract<unknown>;
  readonly handler: MessageHandler<unknown>;
}

/**
 * Consumes a group's topics: decode with the handler's contract, run the handler and record the
 * message as processed in one database transaction, commit the offset only after that. A record
 * of a type the group has no handler for on that topic is skipped (committed, counted in
 * `messaging_records_skipped_total`). A failure goes to the next retry topic (exponential
 * backoff) and finally to the group's DLQ with the original bytes, key and headers plus the
 * error, attempt count and source position; the partition moves on either way. Retries run in a
 * second consumer so they never hold up new messages. Both consumers are supervised: `health()`
 * reports each one's readiness, and one that kafkajs gave up on is restarted with backoff.
 */
export class ConsumerRuntime {
  private readonly handlers = new Map<string, Map<string, Registration>>();
  private readonly retry: RetryPolicy;
  private consumers: SupervisedConsumer[] = [];

  constructor(private readonly options: ConsumerRuntimeOptions) {
    this.retry = validateRetryPolicy(options.retry ?? DEFAULT_RETRY_POLICY);
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
    const forTopic = this.handlers.get(topic.name) ?? new Map<string, Registration>();
    if (forTopic.has(contract.fullName))
      throw new Error(`${topic.name}: a handler for ${contract.fullName} is already registered`);
    forTopic.set(contract.fullName, { contract, handler: handler as MessageHandler<unknown> });
    this.handlers.set(topic.name, forTopic);
    return this;
  }

  async start(): Promise<void> {
    if (this.handlers.size === 0) throw new Error(`consumer group ${this.group} has no handlers`);
    const main = this.supervise(this.group, this.topics, false);
    this.consumers = [main];
    await main.start();
    const retries = retryTopics(this.group, this.retry);
    if (retries.length > 0) {
      const retryConsumer = this.supervise(`${this.group}.retry`, retries, true);
      this.consumers.push(retryConsumer);
      await retryConsumer.start();
    }
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

  private supervise(groupId: string, topics: string[], delayed: boolean): SupervisedConsumer {
    return new SupervisedConsumer({
      kafka: this.options.kafka,
      groupId,
      topics,
      partitionsConsumedConcurrently: delayed
        ? topics.length
        : (this.options.partitionsConsumedConcurrently ?? 3),
      eachMessage: async ({ topic, partition, message, heartbeat }) => {
        if (delayed) await waitUntil(notBefore(message.headers), heartbeat);
        await this.handle(topic, partition, message);
      },
      logger: this.options.logger,
      restart: this.options.restart ?? DEFAULT_RESTART_POLICY,
      joinGraceMs: this.options.joinGraceMs ?? DEFAULT_JOIN_GRACE_MS,
      sessionTimeoutMs: this.options.sessionTimeoutMs,
      maxWaitTimeMs: this.options.maxWaitTimeMs,
      ...(this.options.startRetry ? { startRetry: this.options.startRetry } : {}),
    });
  }

  private async handle(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const headers = (message.headers ?? {}) as KafkaHeaders;
    const attempt = attemptsMade(headers) + 1;
    const source = originalPosition(headers, { topic, partition, offset: message.offset });
    try {
      await this.process(source, message, headers, attempt);
    } catch (error) {
      if (error instanceof InfrastructureUnavailableError) {
        this.options.logger.warn(
          { err: error, topic, partition, offset: message.offset },
          'infrastructure unavailable; the message will be read again',
        );
        await new Promise((resolve) =>
          setTimeout(resolve, this.options.infrastructurePauseMs ?? 2_000),
        );
        throw error; // not committed: kafkajs seeks back and delivers the same message again
      }
      await this.divert(source, message, headers, attempt, error);
    }
  }

  private async process(
    source: SourcePosition,
    message: KafkaMessage,
    headers: KafkaHeaders,
    attempt: number,
  ): Promise<void> {
    // A retry of a topic this deployment no longer reads has no handlers: skipped like the rest.
    const registrations = this.handlers.get(source.topic) ?? new Map<string, Registration>();
    const readers = new Map([...registrations].map(([name, r]) => [name, r.contract]));
    const decoded = await this.options.serde.decode(message.value, readers);
    if (decoded.kind === 'unhandled') {
      this.skip(source, decoded.recordName);
      return;
    }
    const registration = registrations.get(decoded.contract.fullName);
    const envelope = (decoded.value as { envelope?: MessageEnvelope }).envelope;
    if (!registration || !envelope)
      throw new UndecodableMessageError(`${decoded.contract.fullName} has no envelope`);
    const key = message.key?.toString() ?? null;
    await inMessagingSpan(
      'process',
      {
        topic: source.topic,
        key,
        messageId: envelope.messageId,
        recordName: decoded.contract.fullName,
        group: this.group,
      },
      extractTraceContext(headers),
      async () => {
        await this.options.dataSource.transaction(async (manager) => {
          const fresh = await manager.query<unknown[]>(
            `INSERT INTO messaging_processed_message (consumer_group, message_id, topic, partition, "offset")
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING message_id`,
            [this.group, envelope.messageId, source.topic, source.partition, source.offset],
          );
          if (fresh.length === 0) {
            this.options.logger.info(
              { messageId: envelope.messageId, topic: source.topic, group: this.group },
              'duplicate message skipped',
            );
            return;
          }
          const cause = { messageId: envelope.messageId, correlationId: envelope.correlationId };
          await registration.handler(decoded.value, {
            topic: source.topic,
            partition: source.partition,
            offset: source.offset,
            key,
            envelope,
            headers,
            attempt,
            manager,
            publish: (topic, contract, draft, options) =>
              this.options.outbox.publish(manager, topic, contract, draft, options, cause),
          });
        });
      },
    );
    this.options.outbox.nudge();
  }

  /**
   * A record type this group has no handler for on that topic (other groups read it): nothing to
   * do and nothing wrong, so no retry and no DLQ; the offset is committed like a handled one's.
   */
  private skip(source: SourcePosition, record: string): void {
    this.options.metrics.skipped.inc({ group: this.group, topic: source.topic, record });
    this.options.logger.debug(
      { group: this.group, ...source, record },
      'record without a handler in this group skipped',
    );
  }

  /** To the next retry topic or the DLQ, original bytes, key and headers kept. */
  private async divert(
    source: SourcePosition,
    message: KafkaMessage,
    headers: KafkaHeaders,
    attempt: number,
    error: unknown,
  ): Promise<void> {
    const step = nextStep(this.group, this.retry, attempt, isRetriable(error));
    const now = new Date();
    await this.options.producer.send({
      topic: step.topic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: failureHeaders(headers, {
            attempt,
            source,
            error,
            group: this.group,
            failedAt: now,
            ...(step.kind === 'retry' ? { notBefore: new Date(now.getTime() + step.delayMs) } : {}),
          }),
        },
      ],
    });
    const log = { err: error, group: this.group, ...source, attempt, to: step.topic };
    if (step.kind === 'retry') this.options.logger.warn(log, 'message failed; scheduled for retry');
    else this.options.logger.error(log, 'message failed; moved to the dead letter topic');
  }
}

/** Sleeps until `epochMs`, sending heartbeats so the group does not evict this consumer. */
async function waitUntil(epochMs: number, heartbeat: () => Promise<void>): Promise<void> {
  while (Date.now() < epochMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, epochMs - Date.now())));
    await heartbeat();
  }
}
