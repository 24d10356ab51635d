import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { Topics } from '@meridian/contracts';
import { createMessaging } from '@meridian/messaging';
import type { Messaging } from '@meridian/messaging';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { Logger } from '@meridian/telemetry';
import { APP_LOGGER } from '../app.logger.js';
import { SERVICE } from '../config/app.config.js';
import type { AppConfig } from '../config/app.config.js';
import { ENCOUNTER_RECORDS } from '../encounters/encounter-events.js';
import type { EncounterEvent } from '../encounters/encounter-events.js';

const RETRY_DELAY_MS = 5_000;

/** Kafka is not connected (yet, or any more): the message is FAILED and the sender resends. */
export class KafkaUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KafkaUnavailableError';
  }
}

/**
 * Publishes encounter events straight to Kafka (idempotent producer, acks=all; not the outbox: an
 * ACK AA must mean the event is durably in Kafka), key and correlation id = the encounter id.
 * Connects (schemas checked, topic created) during start-up; while Kafka is unreachable the
 * service still runs, messages are answered as FAILED, and it reconnects in the background.
 */
@Injectable()
export class EncounterPublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private messaging: Messaging | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private attempt: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {}

  /** Start-up waits for the first attempt only. */
  onApplicationBootstrap(): Promise<void> {
    return this.connect();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.attempt;
    const messaging = this.messaging;
    this.messaging = undefined;
    await messaging?.stop();
  }

  /** Publishes and resolves with the event's message id once every in-sync replica has it. */
  async publish(event: EncounterEvent): Promise<string> {
    if (!this.messaging) throw new KafkaUnavailableError('Kafka is not connected');
    try {
      const published = await this.messaging.publisher.publish(
        Topics.ClinicalEncounterV1,
        event.contract,
        event.draft,
        { key: event.encounterId, correlationId: event.encounterId },
      );
      return published.messageId;
    } catch (error) {
      throw new KafkaUnavailableError('Kafka did not acknowledge the event', { cause: error });
    }
  }

  private connect(): Promise<void> {
    this.attempt = this.start().catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn({ reason }, `Kafka unreachable, retrying in ${RETRY_DELAY_MS} ms`);
      if (!this.stopped) this.retry = setTimeout(() => void this.connect(), RETRY_DELAY_MS).unref();
    });
    return this.attempt;
  }

  private async start(): Promise<void> {
    const messaging = await createMessaging({
      serviceName: SERVICE,
      brokers: this.config.kafkaBrokers,
      schemaRegistryUrl: this.config.schemaRegistryUrl,
      logger: this.logger,
      produces: [{ topic: Topics.ClinicalEncounterV1, records: ENCOUNTER_RECORDS }],
    });
    try {
      await messaging.provision([Topics.ClinicalEncounterV1]);
    } catch (error) {
      await messaging.stop();
      throw error;
    }
    this.messaging = messaging;
    this.logger.info({ topic: Topics.ClinicalEncounterV1.name }, 'encounter publisher connected');
  }
}
