import { isNpi } from '@meridian/contracts';
import { envTimeZone, envVariable, parseEnv, serviceVariables } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';

/**
 * revenue-cycle configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, and:
 *
 * - `FACILITY_TIMEZONE` (`America/New_York`): IANA zone of the facility's calendar (midnights,
 *   service dates);
 * - `CODING_ESCALATION_HOURS` (`24`): an OPEN coding item older than this is `escalated`;
 * - `BILLING_PROVIDER_NPI` (`1234567893`): the facility's NPI on claims.
 */
export interface AppConfig extends ServiceConfig {
  readonly facilityTimeZone: string;
  readonly codingEscalationHours: number;
  readonly billingProviderNpi: string;
}

export const SERVICE = 'revenue-cycle';

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT, DATABASE_URL and HTTP_JSON_LIMIT. */
export const DEFAULTS = {
  name: SERVICE,
  port: 3004,
  database: 'revenue_cycle',
  // HTTP_JSON_LIMIT: a whole chargemaster in one `POST /chargemaster/import` (up to 20,000 rows) is a few MB.
  httpJsonLimit: 10 * 1024 * 1024,
} as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    facilityTimeZone: envTimeZone('FACILITY_TIMEZONE', 'America/New_York'),
    codingEscalationHours: envVariable(
      'CODING_ESCALATION_HOURS',
      '24',
      'a whole number of hours between 1 and 8760',
      (raw) =>
        /^\d{1,4}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 8760 ? Number(raw) : undefined,
    ),
    billingProviderNpi: envVariable(
      'BILLING_PROVIDER_NPI',
      '1234567893',
      'a 10-digit NPI with a valid check digit',
      (raw) => (isNpi(raw) ? raw : undefined),
    ),
  });
}
