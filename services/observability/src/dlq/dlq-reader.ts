import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { DatabaseConnector, SERVICE_CONFIG } from '@meridian/service-kit';
import { FETCH_MAX_WAIT_MS } from '@meridian/messaging';
import type { KafkaHeaders } from '@meridian/telemetry';
import type { Consumer } from 'kafkajs';
import type { AppConfig } from '../config/app.config.js';
import { KafkaClients } from '../kafka/kafka-clients.js';
import { deadLetterOf, DLQ_TOPICS } from './dead-letter.js';
import { DlqStore } from './dlq.store.js';

/**
 * Reads every consumer group's dead letter topic (`*.dlq`) into the store, from the beginning,
 * in a group of its own (`<KAFKA_CONSUMER_GROUP>.dlq-reader`); offsets are committed after the
 * entry is stored, and a record read twice is stored once.
 *
 * kafkajs resolves a RegExp subscription against the topics that exist when the consumer
 * subscribes, and never again; DLQ topics appear whenever a new group starts. So every
 * `DLQ_TOPIC_REFRESH_MS` the reader lists the topics and, when one matching `*.dlq` is not among
 * the ones it subscribed to (or one of those is gone), starts its consumer again (same group:
 * committed offsets kept).
 */
@Injectable()
export class DlqReader implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DlqReader.name);
  private consumer: Consumer | undefined;
  private subscribed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly kafka: KafkaClients,
    private readonly store: DlqStore,
    private readonly database: DatabaseConnector,
  ) {}

  get group(): string {
    return `${this.config.kafkaConsumerGroup}.dlq-reader`;
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.refreshing;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.refreshing = this.refresh()
        .catch((error: unknown) =>
          this.logger.warn(`dead letter topics not refreshed: ${(error as Error).message}`),
        )
        .finally(() => this.schedule(this.config.dlqTopicRefreshMs));
    }, delayMs);
    this.timer.unref();
  }

  /** Subscribes again when a `*.dlq` topic appeared (or the consumer is not running). */
  private async refresh(): Promise<void> {
    await this.database.connected();
    const admin = await this.kafka.connectedAdmin();
    const topics = (await admin.listTopics()).filter((t) => DLQ_TOPICS.test(t));
    const fresh = topics.filter((t) => !this.subscribed.has(t));
    // A deleted DLQ topic (a test run's group purged) is dropped from the subscription too.
    const gone = [...this.subscribed].filter((t) => !topics.includes(t));
    if (this.consumer && fresh.length === 0 && gone.length === 0) return;
    if (topics.length === 0) return;
    await this.consumer?.disconnect();
    this.consumer = undefined;
    if (this.stopped) return;
    const consumer = this.kafka.consumer({
      groupId: this.group,
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [DLQ_TOPICS], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        await this.store.insert(
          deadLetterOf({
            topic,
            partition,
            offset: message.offset,
            key: message.key,
            value: message.value,
            headers: (message.headers ?? {}) as KafkaHeaders,
          }),
        );
      },
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.logger.warn(`dead letter reader crashed: ${payload.error.message}`);
      // One kafkajs does not restart itself is started again at the next refresh.
      if (!payload.restart && this.consumer === consumer) this.consumer = undefined;
    });
    this.consumer = consumer;
    this.subscribed = new Set(topics);
    this.logger.log(
      `reading ${topics.length} dead letter topics (${fresh.length} new, ${gone.length} gone)`,
    );
  }
}
