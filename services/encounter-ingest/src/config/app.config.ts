import {
  envPort,
  envTimeZone,
  envVariable,
  parseEnv,
  serviceVariables,
} from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';
import { isAuthority } from '../encounters/encounter-identity.js';

/**
 * encounter-ingest configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (PORT, KAFKA_BROKERS,
 * SCHEMA_REGISTRY_URL, DATABASE_URL, LOG_LEVEL, OTEL_EXPORTER_OTLP_ENDPOINT; see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, and its own:
 *
 * | variable            | default            | what                                                 |
 * | ------------------- | ------------------ | ---------------------------------------------------- |
 * | `MLLP_PORT`         | `2575`             | TCP port of the HL7 v2 MLLP listener; `0`: any free port (logged as `mllpPort`) |
 * | `FACILITY_TIMEZONE` | `America/New_York` | IANA zone of HL7 timestamps sent without an offset   |
 * | `DEFAULT_FACILITY`  | `MGH`              | Facility (assigning authority) of a visit number whose message names none: no PV1-19.4 nor MSH-4, no FHIR identifier assigner |
 */
export interface AppConfig extends ServiceConfig {
  readonly mllpPort: number;
  readonly facilityTimeZone: string;
  readonly defaultFacility: string;
}

export const SERVICE = 'encounter-ingest';

/** The service name, PORT (HTTP: FHIR, message store API, health, metrics) and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3001, database: 'encounter_ingest' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    mllpPort: envPort('MLLP_PORT', 2575),
    facilityTimeZone: envTimeZone('FACILITY_TIMEZONE', 'America/New_York'),
    defaultFacility: envVariable(
      'DEFAULT_FACILITY',
      'MGH',
      "a facility code: letters, digits, '.', '_' or '-', at most 32",
      (raw) => (isAuthority(raw) ? raw : undefined),
    ),
  });
}
