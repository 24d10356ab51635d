import { envVariable, parseEnv, serviceVariables } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';
import { DEFAULT_STAFFING_RATIOS, UNIT_IDS } from '../bed-board/reference-units.js';
import { parseStaffingRatios } from '../staffing/staffing.js';
import type { StaffingRatios } from '../staffing/staffing.js';

/**
 * workforce-sync configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, and
 *
 * | variable          | default                   | meaning                                   |
 * | ----------------- | ------------------------- | ----------------------------------------- |
 * | `STAFFING_RATIOS` | `4W=5,5E=4,ICU=2,PEDS=4`  | patients per RN of every bed-board unit   |
 */
export interface AppConfig extends ServiceConfig {
  readonly staffingRatios: StaffingRatios;
}

export const SERVICE = 'workforce-sync';

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3005, database: 'workforce_sync' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    staffingRatios: envVariable(
      'STAFFING_RATIOS',
      DEFAULT_STAFFING_RATIOS,
      `'<unit>=<patients per RN>' for each of ${UNIT_IDS.join(', ')} exactly once, comma-separated (a number above 0 with at most 2 decimals)`,
      (raw) => parseStaffingRatios(raw, UNIT_IDS),
    ),
  });
}
