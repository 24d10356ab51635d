import {
  envHttpUrl,
  envOneOf,
  envOptional,
  envVariable,
  parseEnv,
  serviceVariables,
} from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';

/**
 * observability configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, and
 *
 * | variable                           | default | meaning                                                                 |
 * | ---------------------------------- | ------- | ----------------------------------------------------------------------- |
 * | `JAEGER_URL`                       | unset   | Jaeger base: `traceUrl` is `<JAEGER_URL>/trace/<id>`; `/traces` asks it |
 * | `OBSERVABILITY_TRUST_ROLE_HEADER`  | `false` | `true`: a request whose `X-Meridian-Roles` has `phi-reader` sees PHI    |
 * | `DLQ_TOPIC_REFRESH_MS`             | `10000` | how often new `*.dlq` topics are looked for (the reader re-subscribes)  |
 *
 * `OBSERVABILITY_TRUST_ROLE_HEADER` is interim, until requests carry a verified identity (JWT,
 * issue 15): whoever can reach the service can send the header, so it stays `false` (every
 * dead-letter payload field tagged PHI is masked) unless a gateway strips the header from
 * untrusted callers.
 */
export interface AppConfig extends ServiceConfig {
  readonly jaegerUrl: string | undefined;
  readonly trustRoleHeader: boolean;
  readonly dlqTopicRefreshMs: number;
}

export const SERVICE = 'observability';

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3007, database: 'observability' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const { trustRoleHeader, jaegerUrl, ...rest } = parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    jaegerUrl: envOptional(envHttpUrl('JAEGER_URL', '')),
    trustRoleHeader: envOneOf('OBSERVABILITY_TRUST_ROLE_HEADER', ['true', 'false'], 'false'),
    dlqTopicRefreshMs: envVariable(
      'DLQ_TOPIC_REFRESH_MS',
      '10000',
      'a whole number of milliseconds from 500 to 3600000',
      (raw) => {
        const value = Number(raw);
        return /^\d+$/.test(raw) && value >= 500 && value <= 3_600_000 ? value : undefined;
      },
    ),
  });
  return {
    ...rest,
    jaegerUrl: jaegerUrl?.replace(/\/+$/, ''),
    trustRoleHeader: trustRoleHeader === 'true',
  };
}
