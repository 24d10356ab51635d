import { isCode } from '@meridian/contracts';
import {
  envOptional,
  envSecret,
  envVariable,
  envWholeNumber,
  parseEnv,
  serviceVariables,
} from '@meridian/service-kit';
import type { EnvVariable, ServiceConfig } from '@meridian/service-kit';
import { parseStaffingRatios, qualifyRatios } from '../staffing/staffing.js';
import type { StaffingRatios } from '../staffing/staffing.js';

/**
 * workforce-sync configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, and
 *
 * | variable                 | default | meaning                                                                                   |
 * | ------------------------ | ------- | ----------------------------------------------------------------------------------------- |
 * | `DEFAULT_FACILITY`       | `MGH`   | facility of an ADT location or saga command that names none                               |
 * | `STAFFING_RATIOS`        | none    | patients per RN overriding the ratio units were imported with                             |
 * | `HR_WEBHOOK_SECRET`      | none    | the HR webhook's shared HMAC secret, 16+ characters; unset: `POST /hr/events` answers 503 |
 * | `HR_WEBHOOK_TOLERANCE_S` | `300`   | seconds a webhook signature's time may be off the server's clock                          |
 *
 * A unit's ratio is reference data (`patientsPerRn` of its import); the variable pins the ratio of
 * the units it names (`4W` of the default facility, or `BWH:4W`) for one deployment. The HR
 * system signs each webhook call with HR_WEBHOOK_SECRET (service-kit's `signWebhook`).
 */
export interface AppConfig extends ServiceConfig {
  /** Facility of a location whose facilityId is null (older events, single-facility senders). */
  readonly defaultFacility: string;
  /** Overrides by `<facility>:<unit>`; empty when STAFFING_RATIOS is unset. */
  readonly staffingRatios: StaffingRatios;
  /** The HR webhook's HMAC secret; undefined: the webhook is not configured (503). */
  readonly hrWebhookSecret: string | undefined;
  /** Seconds a signature's timestamp may be off the server's clock, either way. */
  readonly hrWebhookToleranceS: number;
}

export const SERVICE = 'workforce-sync';

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3005, database: 'workforce_sync' } as const;

/** Shortest HR_WEBHOOK_SECRET taken: a guessable secret would let anyone change the roster. */
const MIN_SECRET_LENGTH = 16;

/** HR_WEBHOOK_SECRET: never echoed in an error; optional (the webhook is then not configured). */
const hrWebhookSecret: EnvVariable<string | undefined> = envOptional({
  ...envSecret('HR_WEBHOOK_SECRET', `at least ${MIN_SECRET_LENGTH} characters`),
  parse: (raw) => (raw.length >= MIN_SECRET_LENGTH ? raw : undefined),
});

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
    hrWebhookSecret,
    hrWebhookToleranceS: envWholeNumber('HR_WEBHOOK_TOLERANCE_S', '300', 1),
  });
  return {
    ...service,
    staffingRatios: qualifyRatios(staffingRatios ?? new Map(), service.defaultFacility),
  };
}
