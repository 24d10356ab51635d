import {
  envHttpUrl,
  envOptional,
  envRetentionDays,
  envVariable,
  envWholeNumber,
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
 * | `DLQ_TOPIC_REFRESH_MS`             | `10000` | how often new `*.dlq` topics are looked for (the reader re-subscribes)  |
 * | `DLQ_RETENTION_DAYS`               | `30`    | days a dead letter's payload (PHI) is kept after it was read; 1 to 36500 |
 * | `DLQ_PURGE_INTERVAL_MS`            | `3600000` | time between two purges of old payloads (the first at start); >= 1000 |
 * | `DLQ_PURGE_BATCH_SIZE`             | `500`   | payloads purged per statement (one short transaction each); >= 1       |
 * | `UI_OIDC_CLIENT_ID`                | `meridian-ui` | the public client the dashboard signs in with (code flow + PKCE)  |
 */
export interface AppConfig extends ServiceConfig {
  readonly jaegerUrl: string | undefined;
  readonly dlqTopicRefreshMs: number;
  readonly dlqRetentionDays: number;
  readonly dlqPurgeIntervalMs: number;
  readonly dlqPurgeBatchSize: number;
  readonly uiOidcClientId: string;
}

export const SERVICE = 'observability';

/** The defaults of KAFKA_CONSUMER_GROUP (the service name), PORT and DATABASE_URL. */
export const DEFAULTS = { name: SERVICE, port: 3007, database: 'observability' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const { jaegerUrl, ...rest } = parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    jaegerUrl: envOptional(envHttpUrl('JAEGER_URL', '')),
    dlqTopicRefreshMs: envVariable(
      'DLQ_TOPIC_REFRESH_MS',
      '10000',
      'a whole number of milliseconds from 500 to 3600000',
      (raw) => {
        const value = Number(raw);
        return /^\d+$/.test(raw) && value >= 500 && value <= 3_600_000 ? value : undefined;
      },
    ),
    dlqRetentionDays: envRetentionDays('DLQ_RETENTION_DAYS', '30'),
    dlqPurgeIntervalMs: envWholeNumber('DLQ_PURGE_INTERVAL_MS', '3600000', 1000),
    dlqPurgeBatchSize: envWholeNumber('DLQ_PURGE_BATCH_SIZE', '500', 1),
    uiOidcClientId: envVariable('UI_OIDC_CLIENT_ID', 'meridian-ui', 'an OAuth client id', (raw) =>
      /^[\x21-\x7e]{1,200}$/.test(raw) ? raw : undefined,
    ),
  });
  return { ...rest, jaegerUrl: jaegerUrl?.replace(/\/+$/, '') };
}
