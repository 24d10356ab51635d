import { Inject, Injectable, Module, ServiceUnavailableException } from '@nestjs/common';
import type { BeforeApplicationShutdown, DynamicModule, INestApplication } from '@nestjs/common';
import { Topics } from '@meridian/contracts';
import type { RecordContract, TopicContract } from '@meridian/contracts';
import {
  classifyStartFailure,
  createMessaging,
  MeridianKafkaTransport,
  StartTimedOutError,
} from '@meridian/messaging';
import type { ConsumerRuntime, Messaging, Production, RetryPolicy } from '@meridian/messaging';
import type { Logger } from '@meridian/telemetry';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '../config/config.module.js';
import { kafkaSecurity } from '../config/kafka-connection.js';
import type { ServiceConfig } from '../config/service-config.js';
import { DatabaseConnector } from '../database/database-connector.service.js';
import { KafkaConsumersHealthIndicator } from '../health/kafka-consumers.health.js';

/** What a service publishes and consumes over Kafka. */
export interface ServiceMessagingOptions {
  /** Every record the service publishes (checked against the registry at start-up). */
  readonly produces: readonly Production[];
  /**
   * Topics the service reads besides those it publishes to. Both are created when missing at
   * start-up (with the consumer group's retry and DLQ topics): see `serviceTopics`.
   */
  readonly consumedTopics?: readonly TopicContract<unknown>[];
  /**
   * The commands topic of a saga participant: consumed, and each of its commands answered on
   * saga.replies.v1 with its `<Command>Reply` (added to `produces`: see `participantMessaging`).
   */
  readonly answers?: TopicContract<unknown>;
  /**
   * Whether the service's @OnMessage handlers consume (default true). `false`: a publish-only
   * service, with no consumer group and no retry or DLQ topics, that keeps serving while Kafka is
   * unreachable (see `ServiceMessagingHost.start`).
   */
  readonly consumes?: boolean;
  /** Consumer group of the service's @OnMessage handlers; default `KAFKA_CONSUMER_GROUP`. */
  readonly group?: string;
  readonly retry?: RetryPolicy;
  /**
   * How long a consumer may be out of its group (starting, rebalancing) before readiness reports
   * it (`kafkaConsumers` down, 503); default `DEFAULT_JOIN_GRACE_MS` (30 s). A crashed or
   * unexpectedly stopped consumer is reported at once.
   */
  readonly joinGraceMs?: number;
  readonly logger: Logger;
}

const shortName = (record: RecordContract<unknown>): string =>
  record.fullName.slice(record.fullName.lastIndexOf('.') + 1);

/** Productions of topics the service owns: every record of each. */
export function allRecords(...topics: readonly TopicContract<unknown>[]): Production[] {
  return topics.map((topic) => ({ topic, records: topic.records }));
}

/**
 * `options` with the saga participant's part spelled out: the `<Command>Reply` of every command of
 * `answers` produced on saga.replies.v1, and `answers` consumed. A command without its reply in the
 * catalogue stops the start, naming it.
 */
export function participantMessaging(options: ServiceMessagingOptions): ServiceMessagingOptions {
  const { answers } = options;
  if (!answers) return options;
  const replies = Topics.SagaRepliesV1.records as readonly RecordContract<unknown>[];
  const records = (answers.records as readonly RecordContract<unknown>[]).map((command) => {
    const reply = replies.find((r) => shortName(r) === `${shortName(command)}Reply`);
    if (!reply) throw new Error(`${Topics.SagaRepliesV1.name} has no reply to ${command.fullName}`);
    return reply;
  });
  return {
    ...options,
    produces: [{ topic: Topics.SagaRepliesV1, records }, ...options.produces],
    consumedTopics: [answers, ...(options.consumedTopics ?? [])],
  };
}

/** The topics of a service: those it publishes to, then those it only reads; each named once. */
export function serviceTopics(
  options: Pick<ServiceMessagingOptions, 'produces' | 'consumedTopics'>,
): TopicContract<unknown>[] {
  const all = [...options.produces.map((p) => p.topic), ...(options.consumedTopics ?? [])];
  return all.filter((topic, index) => all.findIndex((t) => t.name === topic.name) === index);
}

const OPTIONS = Symbol('SERVICE_MESSAGING_OPTIONS');

/**
 * Joins the service's messaging as it starts: gets the Messaging and the consumer (null for a
 * publish-only service) before the topics are provisioned and the consumer starts, to register
 * handlers of its own (the saga engine does).
 */
export type MessagingExtension = (messaging: Messaging, consumer: ConsumerRuntime | null) => void;
const RETRY_DELAY_MS = 5_000;

interface HostOptions extends ServiceMessagingOptions {
  readonly serviceName: string;
}

/**
 * The service's Kafka side, started by `bootstrapService` once the app listens and the database is
 * open: messaging (producer schemas checked), the topics, the outbox relay, then the consumer
 * group of every @OnMessage handler in the app's controllers as a Nest microservice
 * (`MeridianKafkaTransport`) that inherits the app's global filters and interceptors (both pass
 * a Kafka handler's error on as thrown, so its `retriable` flag decides retry or DLQ). Its
 * consumers count in `/health/ready` (`kafkaConsumers`) and their metrics are served at
 * `/metrics`. Stopped before the database closes.
 */
@Injectable()
export class ServiceMessagingHost implements BeforeApplicationShutdown {
  private running: Messaging | undefined;
  private attempt: Promise<void> = Promise.resolve();
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Aborted at shutdown: a start step still retrying gives up at once. */
  private readonly stopping = new AbortController();
  private untrack: (() => void) | undefined;
  private readonly extensions: MessagingExtension[] = [];

  constructor(
    @Inject(OPTIONS) private readonly options: HostOptions,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly dataSource: DataSource,
    private readonly database: DatabaseConnector,
    private readonly metrics: Registry,
    private readonly consumersHealth: KafkaConsumersHealthIndicator,
  ) {}

  /** The running messaging (outbox, publisher); 503 before start or after shutdown began. */
  get messaging(): Messaging {
    if (!this.running) throw new ServiceUnavailableException('messaging is not running');
    return this.running;
  }

  /** Adds an extension; call it before the app starts (from a provider's constructor). */
  extend(extension: MessagingExtension): void {
    this.extensions.push(extension);
  }

  /**
   * Every step (registry lookups, producer and admin connects, topics, consumers joining) tries
   * again on retriable errors, with backoff and logged, for START_RETRY_TIMEOUT_MS each
   * (`createMessaging`'s `startRetry`); a non-retriable error (a schema missing from the
   * registry, refused credentials) fails the start at once. A consuming service fails to start
   * when a step still fails after that time. A publish-only one (`consumes: false`) then serves
   * on (its `messaging` answers 503) and starts again every 5 s in the background.
   */
  async start(app: INestApplication): Promise<void> {
    await this.database.connected();
    if (this.consumes) {
      this.attempt = this.connect(app);
      return this.attempt;
    }
    return this.connectOrRetry(app);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.retry);
    await this.attempt.catch(() => undefined);
    const running = this.running;
    this.running = undefined;
    this.untrack?.();
    this.untrack = undefined;
    await running?.stop();
  }

  private get consumes(): boolean {
    return this.options.consumes ?? true;
  }

  /** A first attempt's non-retriable failure fails the start; later attempts only log theirs. */
  private connectOrRetry(app: INestApplication, first = true): Promise<void> {
    this.attempt = this.connect(app).catch((error: unknown) => {
      const failure = classifyStartFailure(error);
      if (first && !failure.retriable && !(error instanceof StartTimedOutError)) throw error;
      this.options.logger.warn(
        { errorType: failure.type, errorCode: failure.code },
        `messaging unavailable, starting it again in ${RETRY_DELAY_MS} ms`,
      );
      if (!this.stopped)
        this.retry = setTimeout(() => void this.connectOrRetry(app, false), RETRY_DELAY_MS).unref();
    });
    return this.attempt;
  }

  private async connect(app: INestApplication): Promise<void> {
    const { options } = this;
    const { messaging, consumer, group } = await this.prepare();
    try {
      for (const extend of this.extensions) extend(messaging, consumer);
      messaging.relay.start();
      if (consumer) {
        app.connectMicroservice(
          { strategy: new MeridianKafkaTransport(consumer) },
          { inheritAppConfig: true },
        );
        await app.startAllMicroservices();
      }
      this.running = messaging;
      options.logger.info(
        { group, topics: serviceTopics(options).map((t) => t.name) },
        'messaging started',
      );
    } catch (error) {
      await this.release(messaging);
      throw error;
    }
  }

  /** Messaging, its consumer (not started) and its topics; nothing left open when it fails. */
  private async prepare(): Promise<Prepared> {
    const { options, config } = this;
    const group = this.consumes ? (options.group ?? config.kafkaConsumerGroup) : null;
    const messaging = await createMessaging({
      serviceName: options.serviceName,
      brokers: config.kafkaBrokers,
      security: kafkaSecurity(config),
      replicationFactor: config.kafkaReplicationFactor,
      schemaRegistryUrl: config.schemaRegistryUrl,
      logger: options.logger,
      dataSource: this.dataSource,
      produces: options.produces,
      metrics: this.metrics,
      startRetry: { signal: this.stopping.signal, timeoutMs: config.startRetryTimeoutMs },
      outbox: { batchSize: config.outboxBatchSize, fallbackPollMs: config.outboxFallbackPollMs },
    });
    try {
      // The consumer before provisioning, which creates its retry and DLQ topics too.
      const consumer =
        group === null
          ? null
          : messaging.consumer(group, {
              batchMax: config.consumerBatchMax,
              ...(options.retry ? { retry: options.retry } : {}),
              ...(options.joinGraceMs === undefined ? {} : { joinGraceMs: options.joinGraceMs }),
            });
      if (consumer) this.untrack = this.consumersHealth.track(messaging);
      await messaging.provision(serviceTopics(options));
      return { messaging, consumer, group };
    } catch (error) {
      await this.release(messaging);
      throw error;
    }
  }

  private async release(messaging: Messaging): Promise<void> {
    this.untrack?.();
    this.untrack = undefined;
    await messaging.stop();
  }
}

interface Prepared {
  readonly messaging: Messaging;
  readonly consumer: ConsumerRuntime | null;
  readonly group: string | null;
}

/** Whether the app was given messaging: `bootstrapService` starts the host only then. */
export const MESSAGING_ENABLED = Symbol('MESSAGING_ENABLED');

/** Messaging for a service with a database (outbox, processed messages): see the host. */
@Module({})
export class ServiceMessagingModule {
  static register(serviceName: string, options: ServiceMessagingOptions): DynamicModule {
    return {
      module: ServiceMessagingModule,
      global: true,
      providers: [
        { provide: OPTIONS, useValue: { ...participantMessaging(options), serviceName } },
        ServiceMessagingHost,
      ],
      exports: [ServiceMessagingHost],
    };
  }
}
