import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthCheckAttempt } from '@nestjs/terminus';
import { Kafka, logLevel } from 'kafkajs';
import { HEALTH_OPTIONS } from './health.options.js';
import type { HealthOptions } from './health.options.js';

const CONNECTION_TIMEOUT_MS = 1_000;
const REQUEST_TIMEOUT_MS = 1_500;
const CHECK_TIMEOUT_MS = 2_500;

/** Kafka is up when a broker answers DescribeCluster. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
    private readonly health: HealthIndicatorService,
  ) {}

  check<const Key extends string>(key: Key): HealthCheckAttempt<Key> {
    return this.health
      .check(key)
      .attempt(async () => {
        const admin = new Kafka({
          clientId: `${this.options.serviceName}-health`,
          brokers: [...this.options.kafkaBrokers],
          ...this.options.kafkaSecurity,
          connectionTimeout: CONNECTION_TIMEOUT_MS,
          requestTimeout: REQUEST_TIMEOUT_MS,
          retry: { retries: 0 },
          // A failed probe is reported by readiness; kafkajs' own (non-JSON) lines would only repeat it.
          logLevel: logLevel.NOTHING,
        }).admin();
        try {
          await admin.connect();
          const { brokers } = await admin.describeCluster();
          return { brokers: brokers.length };
        } finally {
          await admin.disconnect();
        }
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}
