import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import { SagaEngine } from '@meridian/saga';
import type { RegisteredSaga } from '@meridian/saga';
import { SERVICE_CONFIG, ServiceMessagingHost } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import { ENGINE_OPTIONS } from './engine.options.js';
import type { EngineOptions } from './engine.options.js';

/**
 * The saga engine on the service's messaging (the kit's host, as every service has): as messaging
 * starts, the engine is built on it and attaches its handlers (triggers, cancellations, replies)
 * to the service's consumer group, then its timers start. At shutdown the timers stop before the
 * host stops messaging.
 */
@Injectable()
export class SagaEngineHost implements BeforeApplicationShutdown {
  private running: SagaEngine | undefined;
  private readonly byVersion: ReadonlyMap<string, RegisteredSaga>;

  constructor(
    @Inject(ENGINE_OPTIONS) options: EngineOptions,
    @Inject(SERVICE_CONFIG) config: AppConfig,
    dataSource: DataSource,
    messagingHost: ServiceMessagingHost,
  ) {
    const { definitions, logger } = options;
    this.byVersion = new Map(definitions.map((d) => [`${d.name}@${d.version}`, d]));
    const group = options.group ?? config.kafkaConsumerGroup;
    messagingHost.extend((messaging, consumer) => {
      if (!consumer) throw new Error('the saga engine needs a consuming messaging host');
      const engine = new SagaEngine({
        messaging,
        dataSource,
        definitions,
        logger,
        group,
        policy: config.sagaPolicy,
        timerBatchSize: config.sagaTimers.batchSize,
        timerPollMs: config.sagaTimers.pollMs,
      });
      engine.attach(consumer);
      engine.startTimers();
      this.running = engine;
      logger.info(
        { group, sagas: definitions.map((d) => `${d.name} v${d.version}`) },
        'saga engine started',
      );
    });
  }

  /** The running engine; 503 before messaging started or after shutdown began. */
  get engine(): SagaEngine {
    if (!this.running) throw new ServiceUnavailableException('the saga engine is not running');
    return this.running;
  }

  /** The definition an instance runs, if this orchestrator has it. */
  definition(type: string, version: number): RegisteredSaga | undefined {
    return this.byVersion.get(`${type}@${version}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.stop();
  }
}
