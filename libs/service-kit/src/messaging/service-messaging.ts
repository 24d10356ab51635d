import { Inject, Injectable, Module, ServiceUnavailableException } from '@nestjs/common';
import type { BeforeApplicationShutdown, DynamicModule, INestApplication } from '@nestjs/common';
import type { TopicContract } from '@meridian/contracts';
import { createMessaging, MeridianKafkaTransport } from '@meridian/messaging';
import type { Messaging, Production, RetryPolicy } from '@meridian/messaging';
import type { Logger } from '@meridian/telemetry';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '../config/config.module.js';
import type { ServiceConfig } from '../config/service-config.js';
import { DatabaseConnector } from '../database/database-connector.service.js';

/** What a service publishes and consumes over Kafka. */
export interface ServiceMessagingOptions {
  /** Every record the service publishes (checked against the registry at start-up). */
  readonly produces: readonly Production[];
  /**
   * Topics the service consumes or publishes, created when missing at start-up (with the
   * consumer group's retry and DLQ topics).
   */
  readonly topics: readonly TopicContract<unknown>[];
  /** Consumer group of the service's @OnMessage handlers; default the service name. */
  readonly group?: string;
  readonly retry?: RetryPolicy;
  readonly logger: Logger;
}

const OPTIONS = Symbol('SERVICE_MESSAGING_OPTIONS');

interface HostOptions extends ServiceMessagingOptions {
  readonly serviceName: string;
}

/**
 * The service's Kafka side, started by `bootstrapService` once the app is built and the database
 * is open: messaging (producer schemas checked), the topics, the outbox relay, then the consumer
 * group of every @OnMessage handler in the app's controllers as a Nest microservice
 * (`MeridianKafkaTransport`). Stopped before the database closes.
 */
@Injectable()
export class ServiceMessagingHost implements BeforeApplicationShutdown {
  private running: Messaging | undefined;

  constructor(
    @Inject(OPTIONS) private readonly options: HostOptions,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly dataSource: DataSource,
    private readonly database: DatabaseConnector,
  ) {}

  /** The running messaging (outbox, publisher); 503 before start or after shutdown began. */
  get messaging(): Messaging {
    if (!this.running) throw new ServiceUnavailableException('messaging is not running');
    return this.running;
  }

  async start(app: INestApplication): Promise<void> {
    const { options, config } = this;
    await this.database.connected();
    const messaging = await createMessaging({
      serviceName: options.serviceName,
      brokers: config.kafkaBrokers,
      schemaRegistryUrl: config.schemaRegistryUrl,
      logger: options.logger,
      dataSource: this.dataSource,
      produces: options.produces,
    });
    try {
      const group = options.group ?? options.serviceName;
      const consumer = messaging.consumer(group, options.retry ? { retry: options.retry } : {});
      await messaging.provision(options.topics);
      messaging.relay.start();
      app.connectMicroservice({ strategy: new MeridianKafkaTransport(consumer) });
      await app.startAllMicroservices();
      this.running = messaging;
      options.logger.info(
        { group, topics: options.topics.map((t) => t.name) },
        'messaging started',
      );
    } catch (error) {
      await messaging.stop();
      throw error;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.stop();
  }
}

/** Messaging for a service with a database (outbox, processed messages): see the host. */
@Module({})
export class ServiceMessagingModule {
  static register(serviceName: string, options: ServiceMessagingOptions): DynamicModule {
    return {
      module: ServiceMessagingModule,
      global: true,
      providers: [
        { provide: OPTIONS, useValue: { ...options, serviceName } },
        ServiceMessagingHost,
      ],
      exports: [ServiceMessagingHost],
    };
  }
}
