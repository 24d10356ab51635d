import { envTimeZone, envVariable, parseEnv, serviceVariables } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';

/**
 * supply-consumption configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, and:
 *
 * - `FACILITY_TIMEZONE` (`America/New_York`): IANA zone of the facility's calendar (a UDI's expiry
 *   date against the day of use, the first and last day of a recall);
 * - `RECALL_OVERRIDE_USERS` (empty: nobody): comma-separated user ids allowed to implant a device
 *   under an active recall (`recallOverride.overriddenBy` of POST /implants).
 */
export interface AppConfig extends ServiceConfig {
  readonly facilityTimeZone: string;
  readonly recallOverrideUsers: readonly string[];
}

export const SERVICE = 'supply-consumption';

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3002, database: 'supply_consumption' } as const;

/** A user id of RECALL_OVERRIDE_USERS: letters, digits, `.`, `_`, `-` and `@`. */
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** A comma-separated list of user ids (blank entries ignored); undefined when one is not an id. */
export function parseUserList(raw: string): readonly string[] | undefined {
  const users = raw
    .split(',')
    .map((user) => user.trim())
    .filter((user) => user !== '');
  return users.every((user) => USER_ID.test(user)) ? [...new Set(users)] : undefined;
}

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    facilityTimeZone: envTimeZone('FACILITY_TIMEZONE', 'America/New_York'),
    recallOverrideUsers: envVariable(
      'RECALL_OVERRIDE_USERS',
      '',
      'a comma-separated list of user ids (letters, digits, . _ - @)',
      parseUserList,
    ),
  });
}
