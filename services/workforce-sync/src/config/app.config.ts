import { parseEnv, serviceVariables } from '@meridian/service-kit';
import type { EnvVariable, ServiceConfig } from '@meridian/service-kit';
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
 * | `CONSUMER_GROUP`  | `workforce-sync`          | Kafka consumer group of the ADT and saga command handlers |
 */
export interface AppConfig extends ServiceConfig {
  readonly staffingRatios: StaffingRatios;
  readonly consumerGroup: string;
}

export const SERVICE = 'workforce-sync';

/** The defaults of PORT and DATABASE_URL. */
export const DEFAULTS = { port: 3005, database: 'workforce_sync' } as const;

function variable<T>(
  name: string,
  fallback: string,
  must: string,
  parse: (raw: string) => T | undefined,
): EnvVariable<T> {
  return { name, default: fallback, optional: false, must, secret: false, parse };
}

const GROUP_ID = /^[A-Za-z0-9._-]{1,200}$/;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    staffingRatios: variable(
      'STAFFING_RATIOS',
      DEFAULT_STAFFING_RATIOS,
      `'<unit>=<patients per RN>' for each of ${UNIT_IDS.join(', ')} exactly once, comma-separated (a number above 0 with at most 2 decimals)`,
      (raw) => parseStaffingRatios(raw, UNIT_IDS),
    ),
    consumerGroup: variable(
      'CONSUMER_GROUP',
      SERVICE,
      'a Kafka group id (letters, digits, ., _ and -, at most 200)',
      (raw) => (GROUP_ID.test(raw) ? raw : undefined),
    ),
  });
}
