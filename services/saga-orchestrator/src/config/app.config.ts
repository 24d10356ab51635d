import {
  envHttpUrl,
  envOptional,
  envWholeNumber,
  parseEnv,
  serviceVariables,
} from '@meridian/service-kit';
import type { EnvVariable, ServiceConfig } from '@meridian/service-kit';
import { DEFAULT_TIMER_BATCH_SIZE, DEFAULT_TIMER_POLL_MS } from '@meridian/saga';
import type { PolicyOverrides } from '@meridian/saga';

/**
 * saga-orchestrator configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (see
 * `serviceVariables` in @meridian/service-kit) with this service's defaults, and overrides of
 * every saga's policy (unset: the definition's own; a step's own override always wins):
 *
 * | variable                       | meaning                                                       |
 * | ------------------------------ | ------------------------------------------------------------- |
 * | `SAGA_REPLY_TIMEOUT_MS`        | how long a step waits for a participant's reply per attempt   |
 * | `SAGA_RETRY_ATTEMPTS`          | attempts of a step (the first included) before an incident    |
 * | `SAGA_RETRY_BACKOFF_MS`        | delay before the 2nd attempt, doubled after, up to maxDelayMs |
 * | `SAGA_INCIDENT_BACKOFF_MS`     | first automatic retry of a SUSPENDED saga (definitions: 30 s) |
 * | `SAGA_INCIDENT_MAX_BACKOFF_MS` | cap of that backoff (definitions: 15 min)                     |
 * | `SAGA_INCIDENT_WINDOW_MS`      | how long a SUSPENDED saga is retried on its own (24 h)        |
 * | `JAEGER_URL`                   | Jaeger's UI, for `traceUrl` in `GET /sagas/:id`; unset: null  |
 * | `SAGA_TIMER_BATCH_SIZE`        | due timers fired per transaction (default 100)                |
 * | `SAGA_TIMER_POLL_MS`           | wait between timer rounds that found less than a batch (250)  |
 */
export interface AppConfig extends ServiceConfig {
  readonly sagaPolicy: PolicyOverrides;
  /** How the engine fires due timers: per round (one transaction), and between idle rounds. */
  readonly sagaTimers: { readonly batchSize: number; readonly pollMs: number };
  /** Jaeger's UI (`JAEGER_URL`, e.g. http://localhost:16686): sagas link their trace there. */
  readonly jaegerUrl: string | undefined;
}

export const SERVICE = 'saga-orchestrator';

/**
 * The service name (the default KAFKA_CONSUMER_GROUP), PORT 3006 (reserved for the orchestrator)
 * and the `saga_orchestrator` database.
 */
export const DEFAULTS = { name: SERVICE, port: 3006, database: 'saga_orchestrator' } as const;

const wholeNumber = (name: string, min: number): EnvVariable<number | undefined> =>
  envOptional(envWholeNumber(name, '', min));

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  const {
    replyTimeoutMs,
    attempts,
    initialDelayMs,
    incidentBackoffMs,
    maxBackoffMs,
    windowMs,
    jaegerUrl,
    timerBatchSize,
    timerPollMs,
    ...service
  } = parseEnv(env, {
    ...serviceVariables(DEFAULTS),
    replyTimeoutMs: wholeNumber('SAGA_REPLY_TIMEOUT_MS', 1),
    attempts: wholeNumber('SAGA_RETRY_ATTEMPTS', 1),
    initialDelayMs: wholeNumber('SAGA_RETRY_BACKOFF_MS', 0),
    incidentBackoffMs: wholeNumber('SAGA_INCIDENT_BACKOFF_MS', 1),
    maxBackoffMs: wholeNumber('SAGA_INCIDENT_MAX_BACKOFF_MS', 1),
    windowMs: wholeNumber('SAGA_INCIDENT_WINDOW_MS', 0),
    jaegerUrl: envOptional(envHttpUrl('JAEGER_URL', '')),
    timerBatchSize: envWholeNumber('SAGA_TIMER_BATCH_SIZE', String(DEFAULT_TIMER_BATCH_SIZE), 1),
    timerPollMs: envWholeNumber('SAGA_TIMER_POLL_MS', String(DEFAULT_TIMER_POLL_MS), 1),
  });
  return {
    ...service,
    jaegerUrl,
    sagaTimers: { batchSize: timerBatchSize, pollMs: timerPollMs },
    sagaPolicy: defined({
      replyTimeoutMs,
      retry: defined({ attempts, initialDelayMs }),
      incident: defined({ backoffMs: incidentBackoffMs, maxBackoffMs, windowMs }),
    }),
  };
}

/** The object without its undefined fields. */
function defined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
