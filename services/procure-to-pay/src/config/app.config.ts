import { parseEnv, serviceVariables } from '@meridian/service-kit';
import type { EnvVariable, ServiceConfig } from '@meridian/service-kit';

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

/** The defaults of PORT and DATABASE_URL. */
export const DEFAULTS = { port: 3003, database: 'procure_to_pay' } as const;

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function envVariable(
  name: string,
  fallback: string,
  must: string,
  valid: (raw: string) => boolean,
): EnvVariable<string> {
  return {
    name,
    default: fallback,
    optional: false,
    must,
    secret: false,
    parse: (raw) => (valid(raw) ? raw : undefined),
  };
}

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    facilityTimeZone: envVariable(
      'FACILITY_TIMEZONE',
      'America/New_York',
      'an IANA time zone such as America/New_York',
      isTimeZone,
    ),
    companyCode: envVariable(
      'LEDGER_COMPANY_CODE',
      'MGH',
      '2 to 10 upper-case letters or digits',
      (raw) => /^[A-Z0-9]{2,10}$/.test(raw),
    ),
  });
}
