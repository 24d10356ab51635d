/**
 * encounter-ingest configuration, read once from the environment at startup (`loadConfig`).
 * Every variable is optional; `DEFAULTS` below documents what an unset or empty one means.
 */
export interface AppConfig {
  readonly port: number;
  readonly kafkaBrokers: readonly string[];
  readonly schemaRegistryUrl: string;
  readonly databaseUrl: string;
  readonly logLevel: LogLevel;
  readonly otlpEndpoint: string | undefined;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** The value used when a variable is unset or empty. */
const DEFAULTS = {
  /** HTTP port for health, metrics and (later) FHIR. */
  PORT: '3001',
  /** Comma-separated `host:port` list. */
  KAFKA_BROKERS: 'localhost:9092',
  /** Confluent-compatible REST API (Apicurio's ccompat path locally). */
  SCHEMA_REGISTRY_URL: 'http://localhost:8081/apis/ccompat/v7',
  DATABASE_URL: 'postgres://meridian@127.0.0.1:5433/encounter_ingest',
  /** One of `LOG_LEVELS`. */
  LOG_LEVEL: 'info',
  /** OTLP/HTTP base URL; empty means tracing is off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: '',
} as const;
type Variable = keyof typeof DEFAULTS;

/** URLs may carry a password: an error never repeats their value. */
const MAY_HOLD_CREDENTIALS = new Set<Variable>([
  'SCHEMA_REGISTRY_URL',
  'DATABASE_URL',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
]);
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`invalid configuration: ${issues.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const issues: string[] = [];
  const read = <T>(name: Variable, must: string, parse: (raw: string) => T | undefined) => {
    const raw = env[name]?.trim() || DEFAULTS[name];
    const value = parse(raw);
    const shown = MAY_HOLD_CREDENTIALS.has(name) ? '' : `, got '${raw}'`;
    if (value === undefined) issues.push(`${name} must be ${must}${shown}`);
    return value;
  };
  const port = read('PORT', 'an integer between 0 and 65535', parsePort);
  const kafkaBrokers = read('KAFKA_BROKERS', "a comma-separated list of 'host:port'", parseBrokers);
  const schemaRegistryUrl = read('SCHEMA_REGISTRY_URL', 'an http(s) URL', httpUrl);
  const databaseUrl = read('DATABASE_URL', 'a postgres:// URL', postgresUrl);
  const logLevel = read('LOG_LEVEL', `one of ${LOG_LEVELS.join(', ')}`, parseLogLevel);
  const otlpEndpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim()
    ? read('OTEL_EXPORTER_OTLP_ENDPOINT', 'an http(s) URL', httpUrl)
    : undefined;
  if (
    issues.length > 0 ||
    port === undefined ||
    kafkaBrokers === undefined ||
    schemaRegistryUrl === undefined ||
    databaseUrl === undefined ||
    logLevel === undefined
  ) {
    throw new ConfigError(issues);
  }
  return { port, kafkaBrokers, schemaRegistryUrl, databaseUrl, logLevel, otlpEndpoint };
}

/** `parseConfig(process.env)`, or one clear line on stderr and exit code 1. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`encounter-ingest: ${error.message}\n`);
    process.exit(1);
  }
}

// Each parser returns the value, or undefined when the raw string is invalid.

function parsePort(raw: string): number | undefined {
  return /^\d{1,5}$/.test(raw) && Number(raw) <= 65535 ? Number(raw) : undefined;
}

function parseBrokers(raw: string): string[] | undefined {
  const list = raw
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  return list.length > 0 && list.every((b) => /^[^\s:/]+:\d{1,5}$/.test(b)) ? list : undefined;
}

function withProtocol(raw: string, protocols: readonly string[]): string | undefined {
  return URL.canParse(raw) && protocols.includes(new URL(raw).protocol) ? raw : undefined;
}

function httpUrl(raw: string): string | undefined {
  return withProtocol(raw, ['http:', 'https:']);
}

function postgresUrl(raw: string): string | undefined {
  return withProtocol(raw, ['postgres:', 'postgresql:']);
}

function parseLogLevel(raw: string): LogLevel | undefined {
  return LOG_LEVELS.find((level) => level === raw);
}
