import { isTimeZone } from '@meridian/contracts';

/**
 * Typed environment variables: each one names itself, documents its default and says what a valid
 * value is, so a bad value is reported as one line naming the variable. `parseEnv` reads a whole
 * spec and reports every invalid variable at once.
 */
export interface EnvVariable<T> {
  readonly name: string;
  /** Used when the variable is unset or blank; `''` for an optional variable (value undefined). */
  readonly default: string;
  readonly optional: boolean;
  /** What a valid value is, completing "<NAME> must be ...". */
  readonly must: string;
  /** URLs may carry a password: an error never repeats a secret variable's value. */
  readonly secret: boolean;
  /** The value, or undefined when `raw` (never blank) is invalid. */
  parse(raw: string): T | undefined;
}

export type EnvSpec = Readonly<Record<string, EnvVariable<unknown>>>;
export type EnvValues<S extends EnvSpec> = {
  readonly [K in keyof S]: S[K] extends EnvVariable<infer T> ? T : never;
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(readonly issues: readonly string[]) {
    super(`invalid configuration: ${issues.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads every variable of `spec` from `env`; throws a `ConfigError` naming every invalid one. */
export function parseEnv<S extends EnvSpec>(env: NodeJS.ProcessEnv, spec: S): EnvValues<S> {
  const issues: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, variable] of Object.entries(spec)) {
    const raw = env[variable.name]?.trim() || variable.default;
    if (raw === '' && variable.optional) {
      values[key] = undefined;
      continue;
    }
    const value = variable.parse(raw);
    if (value === undefined) {
      const shown = variable.secret ? '' : `, got '${raw}'`;
      issues.push(`${variable.name} must be ${variable.must}${shown}`);
    }
    values[key] = value;
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return values as EnvValues<S>;
}

function variable<T>(
  name: string,
  fallback: string,
  must: string,
  parse: (raw: string) => T | undefined,
  secret = false,
): EnvVariable<T> {
  return { name, default: fallback, optional: false, must, secret, parse };
}

/**
 * A service's own variable: `parse` answers the value, or undefined when `raw` is invalid;
 * `must` completes "<NAME> must be ..." (the value is repeated in the error: nothing secret).
 */
export function envVariable<T>(
  name: string,
  fallback: string,
  must: string,
  parse: (raw: string) => T | undefined,
): EnvVariable<T> {
  return variable(name, fallback, must, parse);
}

/** A TCP port, 0 to 65535. */
export function envPort(name: string, fallback: number): EnvVariable<number> {
  return variable(name, String(fallback), 'an integer between 0 and 65535', (raw) =>
    /^\d{1,5}$/.test(raw) && Number(raw) <= 65535 ? Number(raw) : undefined,
  );
}

/** A comma-separated `host:port` list, e.g. Kafka brokers. */
export function envBrokers(name: string, fallback: string): EnvVariable<readonly string[]> {
  return variable(name, fallback, "a comma-separated list of 'host:port'", (raw) => {
    const list = raw
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b.length > 0);
    return list.length > 0 && list.every((b) => /^[^\s:/]+:\d{1,5}$/.test(b)) ? list : undefined;
  });
}

function withProtocol(raw: string, protocols: readonly string[]): string | undefined {
  return URL.canParse(raw) && protocols.includes(new URL(raw).protocol) ? raw : undefined;
}

/** A whole number (digits only) of at least `min`, e.g. a count or a duration in ms. */
export function envWholeNumber(name: string, fallback: string, min: number): EnvVariable<number> {
  return variable(name, fallback, `a whole number >= ${min}`, (raw) =>
    /^\d+$/.test(raw) && Number(raw) >= min ? Number(raw) : undefined,
  );
}

/** Longest retention accepted: a century (a longer one would overflow a date). */
const MAX_RETENTION_DAYS = 36_500;

/** A retention in whole days, from 1 to a century: how long PHI (a raw payload) is kept. */
export function envRetentionDays(name: string, fallback: string): EnvVariable<number> {
  return variable(
    name,
    fallback,
    `a whole number of days from 1 to ${MAX_RETENTION_DAYS}`,
    (raw) =>
      /^\d{1,5}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= MAX_RETENTION_DAYS
        ? Number(raw)
        : undefined,
  );
}

/** An http(s) URL; secret (never echoed) because URLs may carry credentials. */
export function envHttpUrl(name: string, fallback: string): EnvVariable<string> {
  return variable(
    name,
    fallback,
    'an http(s) URL',
    (raw) => withProtocol(raw, ['http:', 'https:']),
    true,
  );
}

/** Any non-blank value that is never echoed in an error, e.g. a password. */
export function envSecret(name: string, must: string): EnvVariable<string> {
  return variable(name, '', must, (raw) => raw, true);
}

/** A `postgres://` or `postgresql://` URL; secret (never echoed). */
export function envPostgresUrl(name: string, fallback: string): EnvVariable<string> {
  return variable(
    name,
    fallback,
    'a postgres:// URL',
    (raw) => withProtocol(raw, ['postgres:', 'postgresql:']),
    true,
  );
}

/** One of `values`, e.g. a log level. */
export function envOneOf<const V extends string>(
  name: string,
  values: readonly V[],
  fallback: NoInfer<V>,
): EnvVariable<V> {
  return variable(name, fallback, `one of ${values.join(', ')}`, (raw) =>
    values.find((v) => v === raw),
  );
}

/** An IANA time zone this runtime knows, e.g. `America/New_York`. */
export function envTimeZone(name: string, fallback: string): EnvVariable<string> {
  return variable(name, fallback, 'an IANA time zone such as America/New_York', (raw) =>
    isTimeZone(raw) ? raw : undefined,
  );
}

/**
 * A Kafka consumer group id that also names its retry and DLQ topics (`<group>.dlq`): letters,
 * digits, `.`, `_` and `-`, at most 200.
 */
export function envKafkaGroup(name: string, fallback: string): EnvVariable<string> {
  return variable(
    name,
    fallback,
    'a Kafka group id (letters, digits, ., _ and -, at most 200)',
    (raw) => (/^[A-Za-z0-9._-]{1,200}$/.test(raw) ? raw : undefined),
  );
}

/** A pino log level. */
export function envLogLevel(name: string, fallback: LogLevel): EnvVariable<LogLevel> {
  return envOneOf(name, LOG_LEVELS, fallback);
}

/** The same variable without a default: unset or blank reads as undefined. */
export function envOptional<T>(variable: EnvVariable<T>): EnvVariable<T | undefined> {
  return { ...variable, default: '', optional: true };
}
