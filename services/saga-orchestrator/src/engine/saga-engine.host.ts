import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { createMessaging } from '@meridian/messaging';
import type { Messaging } from '@meridian/messaging';
import { SagaEngine } from '@meridian/saga';
import type { RegisteredSaga } from '@meridian/saga';
import { DatabaseConnector, SERVICE_CONFIG } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import { SERVICE } from '../config/app.config.js';
import type { AppConfig } from '../config/app.config.js';
import { ENGINE_OPTIONS } from './engine.options.js';
import type { EngineOptions } from './engine.options.js';

interface Running {
  readonly messaging: Messaging;
  readonly engine: SagaEngine;
}

/**
 * Owns the saga engine's lifecycle. At bootstrap, once the database is open (migrations run):
 * messaging with every schema the engine produces, then `engine.start()` (topics provisioned,
 * trigger, cancel and reply consumers, outbox relay, timers). At shutdown, before the database
 * closes: `engine.stop()`, then `messaging.stop()`.
 */
@Injectable()
export class SagaEngineHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running: Running | undefined;
  private readonly byVersion: ReadonlyMap<string, RegisteredSaga>;

  constructor(
    @Inject(ENGINE_OPTIONS) private readonly options: EngineOptions,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly database: DatabaseConnector,
  ) {
    this.byVersion = new Map(options.definitions.map((d) => [`${d.name}@${d.version}`, d]));
  }

  /** The running engine; 503 before bootstrap finished or after shutdown began. */
  get engine(): SagaEngine {
    if (!this.running) throw new ServiceUnavailableException('the saga engine is not running');
    return this.running.engine;
  }

  /** The definition an instance runs, if this orchestrator has it. */
  definition(type: string, version: number): RegisteredSaga | undefined {
    return this.byVersion.get(`${type}@${version}`);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.database.connected();
    const { definitions, logger } = this.options;
    const group = this.options.group ?? this.config.kafkaConsumerGroup;
    const messaging = await createMessaging({
      serviceName: SERVICE,
      brokers: this.config.kafkaBrokers,
      schemaRegistryUrl: this.config.schemaRegistryUrl,
      logger,
      dataSource: this.dataSource,
      produces: SagaEngine.productions(definitions),
    });
    try {
      const engine = new SagaEngine({
        messaging,
        dataSource: this.dataSource,
        definitions,
        logger,
        group,
        policy: this.config.sagaPolicy,
      });
      // The engine provisions its topics (and its group's retry and DLQ topics) itself.
      await engine.start();
      logger.info(
        { group, sagas: definitions.map((d) => `${d.name} v${d.version}`) },
        'saga engine started',
      );
      this.running = { messaging, engine };
    } catch (error) {
      await messaging.stop();
      throw error;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    await running.engine.stop();
    await running.messaging.stop();
  }
}
