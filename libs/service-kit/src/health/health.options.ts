import type { KafkaSecurity } from '@meridian/messaging';

/** What readiness checks: `HealthModule.register(options)`. */
export interface HealthOptions {
  /** Names the Kafka probe's client (`<serviceName>-health`). */
  readonly serviceName: string;
  readonly kafkaBrokers: readonly string[];
  /** TLS and SASL towards the brokers (`kafkaSecurity(config)`); none by default. */
  readonly kafkaSecurity?: KafkaSecurity;
  /** Confluent-compatible registry base URL; readiness asks it for `GET /subjects`. */
  readonly schemaRegistryUrl: string;
  /** Ping the app's TypeORM DataSource (`DatabaseModule`); default true. */
  readonly database?: boolean;
}

export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');
