import { parseServiceConfig } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';

/**
 * supply-consumption configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults.
 */
export type AppConfig = ServiceConfig;

export const SERVICE = 'supply-consumption';

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3002, database: 'supply_consumption' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseServiceConfig(env, DEFAULTS);
}
