import { isCode } from '@meridian/contracts';
import { envOptional, envVariable, parseEnv, serviceVariables } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';
import { parseStaffingRatios, qualifyRatios } from '../staffing/staffing.js';
import type { StaffingRatios } from '../staffing/staffing.js';

/**
 * workforce-sync configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, and
 *
 * | variable           | default | meaning                                                              |
 * | ------------------ | ------- | -------------------------------------------------------------------- |
 * | `DEFAULT_FACILITY` | `MGH`   | facility of an ADT location or saga command that names none          |
 * | `STAFFING_RATIOS`  | none    | patients per RN overriding the ratio units were imported with        |
 *
 * A unit's ratio is reference data (`patientsPerRn` of its import); the variable pins the ratio of
 * the units it names (`4W` of the default facility, or `BWH:4W`) for one deployment.
 */
export interface AppConfig extends ServiceConfig {
  /** Facility of a location whose facilityId is null (older events, single-facility senders). */
  readonly defaultFacility: string;
  /** Overrides by `<facility>:<unit>`; empty when STAFFING_RATIOS is unset. */
  readonly staffingRatios: StaffingRatios;
}

export const SERVICE = 'workforce-sync';

/** A facility code, as the facility import takes it. */

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3005, database: 'workforce_sync' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const { staffingRatios, ...service } = parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    defaultFacility: envVariable(
      'DEFAULT_FACILITY',
      'MGH',
      "a facility code: letters, digits, '.', '_' or '-', at most 32",
      (raw) => (isCode(raw) ? raw : undefined),
    ),
    staffingRatios: envOptional(
      envVariable(
        'STAFFING_RATIOS',
        '',
        "'[<facility>:]<unit>=<patients per RN>' entries, each unit at most once, comma-separated (a number above 0 with at most 2 decimals)",
        parseStaffingRatios,
      ),
    ),
  });
  return {
    ...service,
    staffingRatios: qualifyRatios(staffingRatios ?? new Map(), service.defaultFacility),
  };
}
