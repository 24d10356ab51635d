import { parseServiceConfig } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';

/**
 * workforce-sync configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults.
 */
export type AppConfig = ServiceConfig;

export const SERVICE = 'workforce-sync';

/** The defaults of PORT and DATABASE_URL. */
export const DEFAULTS = { port: 3005, database: 'workforce_sync' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseServiceConfig(env, DEFAULTS);
}
