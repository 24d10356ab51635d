import { parseEnv, serviceVariables } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';

/**
 * supply-consumption configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, and
 *
 * | variable               | default              | meaning                                          |
 * | ---------------------- | -------------------- | ------------------------------------------------ |
 * | `KAFKA_CONSUMER_GROUP` | `supply-consumption` | consumer group of the saga command handlers (integration tests use a fresh one) |
 */
export interface AppConfig extends ServiceConfig {
  readonly consumerGroup: string;
}

export const SERVICE = 'supply-consumption';

/** The defaults of PORT and DATABASE_URL. */
export const DEFAULTS = { port: 3002, database: 'supply_consumption' } as const;

const GROUP_ID = /^[A-Za-z0-9._-]{1,200}$/;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    consumerGroup: {
      name: 'KAFKA_CONSUMER_GROUP',
      default: SERVICE,
      optional: false,
      must: 'a Kafka group id (letters, digits, . _ -, at most 200)',
      secret: false,
      parse: (raw: string) => (GROUP_ID.test(raw) ? raw : undefined),
    },
  });
}
