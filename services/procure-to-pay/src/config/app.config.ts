import { parseServiceConfig } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';

/**
 * procure-to-pay configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults.
 */
export type AppConfig = ServiceConfig;

export const SERVICE = 'procure-to-pay';

/** The defaults of PORT and DATABASE_URL. */
export const DEFAULTS = { port: 3003, database: 'procure_to_pay' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseServiceConfig(env, DEFAULTS);
}
