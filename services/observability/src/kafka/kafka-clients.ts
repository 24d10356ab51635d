import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown } from '@nestjs/common';
import { kafkaSecurity, SERVICE_CONFIG } from '@meridian/service-kit';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin, Consumer, ConsumerConfig, Producer } from 'kafkajs';
import type { AppConfig } from '../config/app.config.js';
import { SERVICE } from '../config/app.config.js';

/**
 * The service's own Kafka clients besides the service kit's consumer: an admin (offsets, groups,
 * topics), a producer of raw bytes (replays: the records are already encoded) and the DLQ
 * reader's consumer. Each connects on first use and all disconnect at shutdown.
 */
@Injectable()
export class KafkaClients implements BeforeApplicationShutdown {
  private readonly logger = new Logger(KafkaClients.name);
  private readonly kafka: Kafka;
  private admin: Promise<Admin> | undefined;
  private producer: Promise<Producer> | undefined;

  constructor(@Inject(SERVICE_CONFIG) config: AppConfig) {
    this.kafka = new Kafka({
      clientId: `${SERVICE}-${config.kafkaConsumerGroup}`,
      brokers: [...config.kafkaBrokers],
      ...kafkaSecurity(config),
      logLevel: logLevel.WARN,
      logCreator: () => (entry) =>
        this.logger.warn(`kafkajs ${entry.namespace}: ${entry.log.message}`),
    });
  }

  connectedAdmin(): Promise<Admin> {
    this.admin ??= connect(this.kafka.admin(), () => (this.admin = undefined));
    return this.admin;
  }

  connectedProducer(): Promise<Producer> {
    this.producer ??= connect(
      this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 }),
      () => (this.producer = undefined),
    );
    return this.producer;
  }

  consumer(config: ConsumerConfig): Consumer {
    return this.kafka.consumer(config);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const clients = [this.admin, this.producer];
    this.admin = this.producer = undefined;
    await Promise.all(clients.map(async (c) => (await c?.catch(() => undefined))?.disconnect()));
  }
}

/** Connects `client`; a failed connection is forgotten (`reset`) so the next use tries again. */
async function connect<C extends { connect(): Promise<void> }>(
  client: C,
  reset: () => void,
): Promise<C> {
  try {
    await client.connect();
    return client;
  } catch (error) {
    reset();
    throw error;
  }
}
