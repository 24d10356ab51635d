import { envOptional, envVariable, parseEnv, serviceVariables } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';
import { parseStaffingRatios } from '../staffing/staffing.js';
import type { StaffingRatios } from '../staffing/staffing.js';

/**
 * workforce-sync configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, and
 *
 * | variable          | default | meaning                                                          |
 * | ----------------- | ------- | ---------------------------------------------------------------- |
 * | `STAFFING_RATIOS` | none    | patients per RN overriding the ratio units were imported with    |
 *
 * A unit's ratio is reference data (`patientsPerRn` of `PUT /units/{unitId}`); the variable pins
 * the ratio of the units it names for one deployment.
 */
export interface AppConfig extends ServiceConfig {
  /** Overrides by unit id; empty when STAFFING_RATIOS is unset. */
  readonly staffingRatios: StaffingRatios;
}

export const SERVICE = 'workforce-sync';

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3005, database: 'workforce_sync' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const { staffingRatios, ...service } = parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    staffingRatios: envOptional(
      envVariable(
        'STAFFING_RATIOS',
        '',
        "'<unit>=<patients per RN>' entries, each unit at most once, comma-separated (a number above 0 with at most 2 decimals)",
        parseStaffingRatios,
      ),
    ),
  });
  return { ...service, staffingRatios: staffingRatios ?? new Map() };
}
