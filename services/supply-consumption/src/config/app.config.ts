import { envTimeZone, parseEnv, serviceVariables } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';

/**
 * supply-consumption configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, and:
 *
 * - `FACILITY_TIMEZONE` (`America/New_York`): IANA zone of the facility's calendar (a UDI's expiry
 *   date against the day of use, the first and last day of a recall).
 *
 * Who may override a recall is not configuration: the caller's token must carry the role
 * `supply-supervisor`.
 */
export interface AppConfig extends ServiceConfig {
  readonly facilityTimeZone: string;
}

export const SERVICE = 'supply-consumption';

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3002, database: 'supply_consumption' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    facilityTimeZone: envTimeZone('FACILITY_TIMEZONE', 'America/New_York'),
  });
}
