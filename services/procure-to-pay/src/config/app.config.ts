import { envTimeZone, envVariable, parseEnv, serviceVariables } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';

/**
 * procure-to-pay configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, plus the ledger's:
 *
 * | variable              | default            | what                                              |
 * | --------------------- | ------------------ | ------------------------------------------------- |
 * | `FACILITY_TIMEZONE`   | `America/New_York` | IANA zone of the accounting day ("today")         |
 * | `LEDGER_COMPANY_CODE` | `MGH`              | ERP company (legal entity) the journals post to   |
 */
export interface AppConfig extends ServiceConfig {
  readonly facilityTimeZone: string;
  readonly companyCode: string;
}

export const SERVICE = 'procure-to-pay';

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3003, database: 'procure_to_pay' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    facilityTimeZone: envTimeZone('FACILITY_TIMEZONE', 'America/New_York'),
    companyCode: envVariable(
      'LEDGER_COMPANY_CODE',
      'MGH',
      '2 to 10 upper-case letters or digits',
      (raw) => (/^[A-Z0-9]{2,10}$/.test(raw) ? raw : undefined),
    ),
  });
}
