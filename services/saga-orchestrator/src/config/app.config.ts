import { parseServiceConfig } from '@meridian/service-kit';
import type { ServiceConfig } from '@meridian/service-kit';

/**
 * saga-orchestrator configuration, read once from the environment at startup
 * (`loadConfig(SERVICE, parseConfig)`): the variables every service reads (PORT, KAFKA_BROKERS,
 * SCHEMA_REGISTRY_URL, KAFKA_CONSUMER_GROUP, DATABASE_URL, LOG_LEVEL,
 * OTEL_EXPORTER_OTLP_ENDPOINT; see `serviceVariables` in @meridian/service-kit) with this
 * service's defaults.
 */
export type AppConfig = ServiceConfig;

export const SERVICE = 'saga-orchestrator';

/**
 * The service name (the default KAFKA_CONSUMER_GROUP), PORT 3006 (reserved for the orchestrator)
 * and the `saga_orchestrator` database.
 */
export const DEFAULTS = { name: SERVICE, port: 3006, database: 'saga_orchestrator' } as const;

/** Builds the config from `env`; throws a `ConfigError` naming every invalid variable. */
export function parseConfig(env: NodeJS.ProcessEnv): AppConfig {
  return parseServiceConfig(env, DEFAULTS);
}
