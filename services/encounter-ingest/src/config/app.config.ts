import { isCode } from '@meridian/contracts';
import { envTimeZone, envVariable, parseEnv, serviceVariables } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';
import { DEFAULT_HL7_LIMITS, DEFAULT_MAX_FRAME_BYTES } from '@meridian/hl7';
import { RETENTION_VARIABLES } from '../messages/retention.config.js';
import type { RetentionConfig } from '../messages/retention.config.js';
import { MLLP_VARIABLES, mllpConfig } from './mllp.config.js';
import type { MllpConfig } from './mllp.config.js';

/**
 * encounter-ingest configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (PORT, KAFKA_BROKERS,
 * SCHEMA_REGISTRY_URL, DATABASE_URL, LOG_LEVEL, OTEL_EXPORTER_OTLP_ENDPOINT; see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, the MLLP listener's
 * (`MLLP_PORT`, `MLLP_HOST`, limits, allow-list, TLS: see `mllp.config.ts`), and its own:
 *
 * | variable            | default            | what                                                 |
 * | ------------------- | ------------------ | ---------------------------------------------------- |
 * | `FACILITY_TIMEZONE` | `America/New_York` | IANA zone of HL7 timestamps sent without an offset   |
 * | `DEFAULT_FACILITY`  | `MGH`              | Facility (assigning authority) of a visit number whose message names none: no PV1-19.4 nor MSH-4, no FHIR identifier assigner |
 * | `HL7_STRICT_FACILITIES` | (none)         | Comma-separated MSH-4 facilities whose messages are checked strictly: a segment out of place is rejected (AR 100) instead of ignored |
 * | `HL7_NON_PRODUCTION` | `reject`          | What happens to MSH-11 `T` (training) and `D` (debugging) messages: `reject` answers AR 202; `publish` maps them like `P` ones, publishes the event to `clinical.encounter.nonprod.v1` (never `clinical.encounter.v1`) and answers AA |
 * | `HL7_MAX_FRAME_BYTES` | `1048576`        | Largest MLLP frame read; a longer one is skipped to its end without being kept and answered AR |
 * | `HL7_MAX_SEGMENTS`  | `5000`             | Most segments in one message; more: AR naming the limit |
 * | `HL7_MAX_REPETITIONS` | `100`            | Most repetitions of one field; more: AR naming the field and the limit |
 * | `HL7_MAX_FIELD_LENGTH` | `65536`         | Most characters in one field (as written); more: AR naming the field and the limit |
 * | `INGEST_MAX_GROUP_SIZE` | `100`          | Most messages (from every MLLP connection and FHIR request) written in one group: one transaction, one produce request; 1 to 1000 |
 * | `INGEST_GROUPS_IN_FLIGHT` | `2`          | Most groups written at once (a group's database work overlaps the Kafka request of the one before); 1 to 16 |
 *
 * and the message store's retention of raw payloads (`MESSAGE_RETENTION_DAYS`,
 * `MESSAGE_PURGE_INTERVAL_MS`, `MESSAGE_PURGE_BATCH_SIZE`: see `messages/retention.config.ts`).
 */
export interface AppConfig extends ServiceConfig, MllpConfig, RetentionConfig {
  readonly facilityTimeZone: string;
  readonly defaultFacility: string;
  readonly strictFacilities: ReadonlySet<string>;
  readonly nonProduction: NonProductionPolicy;
  readonly maxFrameBytes: number;
  readonly maxSegments: number;
  readonly maxRepetitions: number;
  readonly maxFieldLength: number;
  readonly ingestMaxGroupSize: number;
  readonly ingestGroupsInFlight: number;
}

/**
 * What is done with MSH-11 `T`/`D` messages: `reject` (AR 202) or `publish` (to the
 * non-production topic, AA).
 */
export type NonProductionPolicy = 'reject' | 'publish';
const NON_PRODUCTION_POLICIES: readonly NonProductionPolicy[] = ['reject', 'publish'];

/** Most messages in one group by default (INGEST_MAX_GROUP_SIZE): more than MLLP_MAX_CONNECTIONS. */
export const DEFAULT_INGEST_MAX_GROUP_SIZE = 100;
/** Groups written at once by default (INGEST_GROUPS_IN_FLIGHT). */
export const DEFAULT_INGEST_GROUPS_IN_FLIGHT = 2;

/** The names of the limit variables, for answers that name the limit an operator can raise. */
export const LIMIT_VARIABLES = {
  maxFrameBytes: 'HL7_MAX_FRAME_BYTES',
  maxSegments: 'HL7_MAX_SEGMENTS',
  maxRepetitions: 'HL7_MAX_REPETITIONS',
  maxFieldLength: 'HL7_MAX_FIELD_LENGTH',
} as const;

/** An integer from 1 to `max` (a limit, a count). */
function envLimit(name: string, fallback: number, max = 1e9) {
  const digits = String(max).length;
  return envVariable(name, String(fallback), `an integer from 1 to ${max}`, (raw) =>
    new RegExp(`^\\d{1,${digits}}$`).test(raw) && Number(raw) >= 1 && Number(raw) <= max
      ? Number(raw)
      : undefined,
  );
}

function facilities(raw: string): ReadonlySet<string> | undefined {
  const list = raw
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  return list.every((code) => isCode(code)) ? new Set(list) : undefined;
}

export const SERVICE = 'encounter-ingest';

/** The service name, PORT (HTTP: FHIR, message store API, health, metrics) and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3001, database: 'encounter_ingest' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const values = parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    ...RETENTION_VARIABLES,
    ...MLLP_VARIABLES,
    facilityTimeZone: envTimeZone('FACILITY_TIMEZONE', 'America/New_York'),
    defaultFacility: envVariable(
      'DEFAULT_FACILITY',
      'MGH',
      "a facility code: letters, digits, '.', '_' or '-', at most 32",
      (raw) => (isCode(raw) ? raw : undefined),
    ),
    strictFacilities: envVariable(
      'HL7_STRICT_FACILITIES',
      '',
      'a comma-separated list of facility codes (MSH-4)',
      facilities,
    ),
    nonProduction: envVariable(
      'HL7_NON_PRODUCTION',
      'reject',
      "'reject' (AR 202) or 'publish' (to clinical.encounter.nonprod.v1)",
      (raw) => NON_PRODUCTION_POLICIES.find((policy) => policy === raw),
    ),
    maxFrameBytes: envLimit(LIMIT_VARIABLES.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES),
    maxSegments: envLimit(LIMIT_VARIABLES.maxSegments, DEFAULT_HL7_LIMITS.maxSegments),
    maxRepetitions: envLimit(LIMIT_VARIABLES.maxRepetitions, DEFAULT_HL7_LIMITS.maxRepetitions),
    maxFieldLength: envLimit(LIMIT_VARIABLES.maxFieldLength, DEFAULT_HL7_LIMITS.maxFieldLength),
    // At most 1000: one INSERT of a group takes 11 parameters a message (PostgreSQL: 65535).
    ingestMaxGroupSize: envLimit('INGEST_MAX_GROUP_SIZE', DEFAULT_INGEST_MAX_GROUP_SIZE, 1000),
    ingestGroupsInFlight: envLimit('INGEST_GROUPS_IN_FLIGHT', DEFAULT_INGEST_GROUPS_IN_FLIGHT, 16),
  });
  return { ...values, ...mllpConfig(values, values.maxFrameBytes) };
}
