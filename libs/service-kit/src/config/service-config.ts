import { isIP } from 'node:net';
import {
  CONSUMER_BATCH_MAX_LIMIT,
  DEFAULT_CONSUMER_BATCH_MAX,
  OUTBOX_BATCH_SIZE,
  OUTBOX_FALLBACK_POLL_MS,
  START_RETRY_TIMEOUT_MS,
} from '@meridian/messaging';
import {
  ConfigError,
  envBrokers,
  envHttpUrl,
  envKafkaGroup,
  envLogLevel,
  envOptional,
  envPort,
  envPostgresUrl,
  envRetentionDays,
  envVariable,
  envWholeNumber,
  parseEnv,
} from './env.js';
import type { EnvVariable, LogLevel } from './env.js';
import { kafkaVariables } from './kafka-connection.js';
import type { KafkaConnectionConfig } from './kafka-connection.js';

/** What every service reads from the environment (a service may read more besides). */
export interface ServiceConfig extends KafkaConnectionConfig {
  readonly port: number;
  /** The address HTTP binds; undefined: every interface (IPv6 and IPv4). */
  readonly httpHost: string | undefined;
  /** Largest JSON request body, in bytes; a larger one is 413. */
  readonly httpJsonLimit: number;
  /** Largest CSV request body (`text/csv` bulk imports), in bytes; a larger one is 413. */
  readonly httpCsvLimit: number;
  readonly kafkaBrokers: readonly string[];
  readonly schemaRegistryUrl: string;
  /** Consumer group of the service's Kafka handlers (replicas share it). */
  readonly kafkaConsumerGroup: string;
  readonly databaseUrl: string;
  readonly logLevel: LogLevel;
  readonly otlpEndpoint: string | undefined;
  /** Longest a stop may take after SIGTERM before the process exits anyway (code 1). */
  readonly shutdownTimeoutMs: number;
  /** How long each start step retries retriable Kafka, registry and database errors. */
  readonly startRetryTimeoutMs: number;
  /** Most outbox messages the relay sends in one Kafka request and marks in one statement. */
  readonly outboxBatchSize: number;
  /** How long an idle outbox relay waits before looking unwoken (commits wake it at once). */
  readonly outboxFallbackPollMs: number;
  /** Most messages of one partition a consumer handles in one transaction. */
  readonly consumerBatchMax: number;
  /** Days sent outbox rows and processed-message records are kept. */
  readonly messagingRetentionDays: number;
  /** Time between two purges of messaging rows (the first runs at start). */
  readonly messagingPurgeIntervalMs: number;
  /** Messaging rows deleted per statement (one short transaction each). */
  readonly messagingPurgeBatchSize: number;
  /** The issuer of the bearer tokens every route but health and metrics takes (OpenID Connect). */
  readonly oidcIssuer: string;
  /** The audience (`aud`) those tokens must carry. */
  readonly oidcAudience: string;
  /** Clock skew allowed on a token's `exp`, `nbf` and `iat`, in seconds. */
  readonly oidcClockToleranceS: number;
  /** Dotted path of the token's roles array. */
  readonly oidcRolesClaim: string;
  /** Longest one request for the issuer's discovery document or keys may take. */
  readonly oidcTimeoutMs: number;
}

/** Default HTTP_JSON_LIMIT: a bulk import of a few thousand rows, a FHIR-sized document. */
const JSON_BODY_LIMIT = 1024 * 1024;
/** Default HTTP_CSV_LIMIT: a whole chargemaster as CSV is a few MB. */
const CSV_BODY_LIMIT = 10 * 1024 * 1024;

/** A host name (letters, digits, `.`, `-`): `localhost`, `ingest.internal`. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * An address a listener binds: an IPv4 or IPv6 address (`0.0.0.0`, `::`, `127.0.0.1`, `::1`) or a
 * host name. Used by HTTP_HOST and by a service's other listeners (MLLP_HOST).
 */
export function envBindAddress(name: string): EnvVariable<string> {
  return envVariable(name, '', 'an IP address or a host name to bind', (raw) =>
    isIP(raw) !== 0 || HOST_NAME.test(raw) ? raw : undefined,
  );
}

/** The spec of `ServiceConfig`: one typed variable per field; spread it to add a service's own. */
export type ServiceVariables = {
  readonly [K in keyof ServiceConfig]-?: EnvVariable<ServiceConfig[K]>;
};

/** The service's own defaults: its name, its reserved port and its database on the local stack. */
export interface ServiceDefaults {
  /** The service name (`encounter-ingest`): its consumer group unless told otherwise. */
  readonly name: string;
  readonly port: number;
  /** Database name on the local stack: the service folder with underscores (`encounter_ingest`). */
  readonly database: string;
  /** Default HTTP_JSON_LIMIT in bytes when the service takes larger bodies (a bulk import); 1 MiB otherwise. */
  readonly httpJsonLimit?: number;
}

/**
 * The variables every service reads and what an unset or blank one means:
 *
 * | variable                      | default                                          |
 * | ----------------------------- | ------------------------------------------------ |
 * | `PORT`                        | the service's reserved port                      |
 * | `HTTP_HOST`                   | unset: every interface, IPv6 and IPv4 (a pod's   |
 * |                               | probes reach its IP); `127.0.0.1`: this host only |
 * | `HTTP_JSON_LIMIT`             | `1048576` (1 MiB; a service may default higher): |
 * |                               | largest JSON body, else 413                      |
 * | `HTTP_CSV_LIMIT`              | `10485760` (10 MiB): largest CSV import, else 413 |
 * | `KAFKA_BROKERS`               | `localhost:9092` (comma-separated `host:port`)   |
 * | `SCHEMA_REGISTRY_URL`         | `http://localhost:8081/apis/ccompat/v7`          |
 * | `KAFKA_CONSUMER_GROUP`        | the service name (tests give each run its own)   |
 * | `DATABASE_URL`                | `postgres://meridian@127.0.0.1:5433/<database>`  |
 * | `LOG_LEVEL`                   | `info`                                           |
 * | `OTEL_EXPORTER_OTLP_ENDPOINT` | unset: tracing off                               |
 * | `SHUTDOWN_TIMEOUT_MS`         | `8000`: exit (code 1) if a stop takes longer     |
 * | `START_RETRY_TIMEOUT_MS`      | `120000`: how long each start step (database,    |
 * |                               | registry, producer, topics, each consumer) retries|
 * |                               | retriable errors before the start fails          |
 * | `OUTBOX_BATCH_SIZE`           | `200`: most outbox messages one Kafka request    |
 * |                               | (sendBatch, acks=all) carries                    |
 * | `OUTBOX_FALLBACK_POLL_MS`     | `10000`: an idle outbox relay looks unwoken after |
 * |                               | this long; every commit writing the outbox wakes |
 * |                               | it at once (NOTIFY), so only a notification lost |
 * |                               | with its LISTEN connection waits for it          |
 * | `CONSUMER_BATCH_MAX`          | `50`: most messages of a partition handled in one |
 * |                               | transaction, each in a savepoint (1 to 10000; 1: |
 * |                               | a transaction per message)                       |
 * | `MESSAGING_RETENTION_DAYS`    | `7`: days sent outbox rows and processed-message |
 * |                               | records are kept (1 to 36500); they guard against|
 * |                               | redeliveries, which come within minutes          |
 * | `MESSAGING_PURGE_INTERVAL_MS` | `3600000` (1 h): time between two purges         |
 * | `MESSAGING_PURGE_BATCH_SIZE`  | `1000`: rows deleted per statement               |
 * | `OIDC_ISSUER`                 | `http://localhost:8180/realms/meridian` (the     |
 * |                               | local stack's Keycloak realm)                    |
 * | `OIDC_AUDIENCE`               | `meridian-api`                                   |
 * | `OIDC_CLOCK_TOLERANCE_S`      | `30` (at most 300)                               |
 * | `OIDC_ROLES_CLAIM`            | `realm_access.roles` (Keycloak's realm roles)    |
 * | `OIDC_TIMEOUT_MS`             | `5000`: one discovery or key set request         |
 *
 * and Kafka's TLS, SASL and replication factor (`kafkaVariables`).
 *
 * `KAFKA_CONSUMER_GROUP` also names the group's retry and DLQ topics (`<group>.retry.<n>`,
 * `<group>.dlq`), so it is limited to letters, digits, `.`, `_` and `-`.
 */
export function serviceVariables(defaults: ServiceDefaults): ServiceVariables {
  return {
    port: envPort('PORT', defaults.port),
    httpHost: envOptional(envBindAddress('HTTP_HOST')),
    httpJsonLimit: envWholeNumber(
      'HTTP_JSON_LIMIT',
      String(defaults.httpJsonLimit ?? JSON_BODY_LIMIT),
      1,
    ),
    httpCsvLimit: envWholeNumber('HTTP_CSV_LIMIT', String(CSV_BODY_LIMIT), 1),
    kafkaBrokers: envBrokers('KAFKA_BROKERS', 'localhost:9092'),
    schemaRegistryUrl: envHttpUrl('SCHEMA_REGISTRY_URL', 'http://localhost:8081/apis/ccompat/v7'),
    kafkaConsumerGroup: envKafkaGroup('KAFKA_CONSUMER_GROUP', defaults.name),
    databaseUrl: envPostgresUrl(
      'DATABASE_URL',
      `postgres://meridian@127.0.0.1:5433/${defaults.database}`,
    ),
    logLevel: envLogLevel('LOG_LEVEL', 'info'),
    otlpEndpoint: envOptional(envHttpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', '')),
    shutdownTimeoutMs: envWholeNumber('SHUTDOWN_TIMEOUT_MS', '8000', 1),
    startRetryTimeoutMs: envWholeNumber(
      'START_RETRY_TIMEOUT_MS',
      String(START_RETRY_TIMEOUT_MS),
      1,
    ),
    outboxBatchSize: envWholeNumber('OUTBOX_BATCH_SIZE', String(OUTBOX_BATCH_SIZE), 1),
    outboxFallbackPollMs: envWholeNumber(
      'OUTBOX_FALLBACK_POLL_MS',
      String(OUTBOX_FALLBACK_POLL_MS),
      100,
    ),
    consumerBatchMax: envVariable(
      'CONSUMER_BATCH_MAX',
      String(DEFAULT_CONSUMER_BATCH_MAX),
      `a whole number from 1 to ${CONSUMER_BATCH_MAX_LIMIT}`,
      (raw) =>
        /^\d{1,5}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= CONSUMER_BATCH_MAX_LIMIT
          ? Number(raw)
          : undefined,
    ),
    messagingRetentionDays: envRetentionDays('MESSAGING_RETENTION_DAYS', '7'),
    messagingPurgeIntervalMs: envWholeNumber('MESSAGING_PURGE_INTERVAL_MS', '3600000', 1000),
    messagingPurgeBatchSize: envWholeNumber('MESSAGING_PURGE_BATCH_SIZE', '1000', 1),
    oidcIssuer: envHttpUrl('OIDC_ISSUER', 'http://localhost:8180/realms/meridian'),
    oidcAudience: envVariable('OIDC_AUDIENCE', 'meridian-api', 'an audience name', (raw) => raw),
    oidcClockToleranceS: envVariable(
      'OIDC_CLOCK_TOLERANCE_S',
      '30',
      'a whole number of seconds from 0 to 300',
      (raw) => (/^\d+$/.test(raw) && Number(raw) <= 300 ? Number(raw) : undefined),
    ),
    oidcRolesClaim: envVariable(
      'OIDC_ROLES_CLAIM',
      'realm_access.roles',
      'a dotted claim path such as realm_access.roles',
      (raw) => (/^[A-Za-z0-9_:-]+(\.[A-Za-z0-9_:-]+)*$/.test(raw) ? raw : undefined),
    ),
    oidcTimeoutMs: envWholeNumber('OIDC_TIMEOUT_MS', '5000', 1),
    ...kafkaVariables(),
  };
}

/** Builds the common config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseServiceConfig(
  env: NodeJS.ProcessEnv,
  defaults: ServiceDefaults,
): ServiceConfig {
  return parseEnv(env, serviceVariables(defaults));
}

/**
 * `parse(process.env)` once at startup, or one clear line on stderr (`<service>: invalid
 * configuration: ...`) and exit code 1.
 */
export function loadConfig<C>(
  service: string,
  parse: (env: NodeJS.ProcessEnv) => C,
  env: NodeJS.ProcessEnv = process.env,
): C {
  try {
    return parse(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    process.exit(1);
  }
}
