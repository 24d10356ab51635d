import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  boundShutdown,
  createLogger,
  PinoNestLogger,
  runningTelemetry,
  stopWithParent,
} from '@meridian/telemetry';
import type { Logger, TelemetryHandle } from '@meridian/telemetry';
import type { ServiceConfig } from '../config/service-config.js';
import { MESSAGING_ENABLED, ServiceMessagingHost } from '../messaging/service-messaging.js';
import { serveOpenApi, type SecurityScheme } from '../openapi/openapi.js';
import { openDatabase } from '../database/open-database.js';
import { useBodyLimits } from './body-limits.js';

const NO_PRELOAD =
  'OTEL_EXPORTER_OTLP_ENDPOINT is set but tracing is off: start the service with ' +
  '`node --import @meridian/telemetry/preload dist/main.js`';

/** What `bootstrapService` started before the application module is built. */
export interface ServiceRuntime<C extends ServiceConfig> {
  readonly name: string;
  readonly version: string | undefined;
  readonly config: C;
  readonly telemetry: TelemetryHandle;
  readonly logger: Logger;
}

export interface BootstrapOptions<C extends ServiceConfig> {
  readonly name: string;
  /**
   * Loaded once, validated (`loadConfig`); the service listens on `config.port` at
   * `config.httpHost` (every interface when unset), bodies limited as `config` says.
   */
  readonly config: C;
  /** The service's package.json, for its version: `new URL('../package.json', import.meta.url)`. */
  readonly packageJson?: URL;
  /** The root module, built from what was started: `({ config, telemetry }) => AppModule.register(...)`. */
  readonly module: (runtime: ServiceRuntime<C>) => DynamicModule | Type<unknown>;
  /** OpenAPI security schemes of routes that authenticate callers themselves (`@AuthenticatedBy`). */
  readonly securitySchemes?: Readonly<Record<string, SecurityScheme>>;
  /** Runs before `listen`, e.g. to connect and start a microservice transport. */
  readonly beforeListen?: (app: INestApplication, runtime: ServiceRuntime<C>) => Promise<void>;
}

/** `node dist/main.js migrate`: apply the pending migrations and exit (the Helm migration Job). */
const MIGRATE = 'migrate';

/**
 * Opens the service's database once, applies its pending migrations under the advisory lock
 * replicas share, and exits: 0 when the schema is current, 1 (with the reason) otherwise. No
 * lifecycle hook runs, so nothing else starts: no HTTP listener, no Kafka.
 */
async function migrateAndExit(
  app: INestApplication,
  runtime: ServiceRuntime<ServiceConfig>,
): Promise<never> {
  const { name, logger, telemetry } = runtime;
  const dataSource = app.get(DataSource, { strict: false });
  const applied = await openDatabase(dataSource);
  await dataSource.destroy();
  logger.info(
    { applied: applied.map((m) => m.name) },
    `${name} migrations applied: ${applied.length}`,
  );
  await telemetry.shutdown();
  process.exit(0);
}

/** Starts the service's Kafka side when its ServiceKitModule was given `messaging`. */
async function startMessaging(app: INestApplication): Promise<void> {
  if (app.get<boolean>(MESSAGING_ENABLED)) await app.get(ServiceMessagingHost).start(app);
}

function versionOf(packageJson: URL | undefined): string | undefined {
  if (!packageJson) return undefined;
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: string }).version;
}

/**
 * A service's `main.ts` in one call: the telemetry the preload started (`--import
 * @meridian/telemetry/preload`, before Nest and pg were imported, so they are traced), a pino
 * logger behind Nest's, shutdown hooks (SIGTERM closes the app, then exit code 0; exit code 1 when
 * that takes over SHUTDOWN_TIMEOUT_MS; a stop of its own when its parent process is gone), the OpenAPI
 * document at `/docs`, the JSON and CSV body parsers with their limits (`useBodyLimits`: 413
 * problem+json over them), `listen(config.port, config.httpHost)`, then Kafka (topics, relay, consumers) when
 * configured, and one JSON line `<name> listening` once all of it runs. A failure to start is one
 * fatal line and exit code 1. With the argument `migrate` it only applies the pending migrations
 * and exits (`migrateAndExit`).
 */
export async function bootstrapService<C extends ServiceConfig>(
  options: BootstrapOptions<C>,
): Promise<INestApplication> {
  const { name, config } = options;
  const version = versionOf(options.packageJson);
  const telemetry = runningTelemetry();
  const logger = createLogger({ name, level: config.logLevel });
  if (config.otlpEndpoint && !telemetry.enabled) logger.warn(NO_PRELOAD);
  const runtime: ServiceRuntime<C> = { name, version, config, telemetry, logger };
  try {
    const app = await NestFactory.create<NestExpressApplication>(options.module(runtime), {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
      bodyParser: false,
    });
    if (process.argv[2] === MIGRATE) return await migrateAndExit(app, runtime);
    // Exit (code 0) rather than re-raise the signal once the app closed: pino's exit handler then
    // flushes the last lines (the shutdown's own) that a killed process would lose.
    app.enableShutdownHooks(undefined, { useProcessExit: true });
    boundShutdown(logger, config.shutdownTimeoutMs);
    stopWithParent(logger);
    serveOpenApi(app, {
      name,
      version,
      issuer: config.oidcIssuer,
      ...(options.securitySchemes ? { securitySchemes: options.securitySchemes } : {}),
    });
    await options.beforeListen?.(app, runtime);
    useBodyLimits(app, config);
    // Listening first: health and metrics answer while messaging waits for the database.
    await (config.httpHost === undefined
      ? app.listen(config.port)
      : app.listen(config.port, config.httpHost));
    await startMessaging(app);
    const { port, address } = app.getHttpServer().address() as AddressInfo;
    logger.info({ port, host: address, version, tracing: telemetry.enabled }, `${name} listening`);
    return app;
  } catch (error) {
    const what = process.argv[2] === MIGRATE ? 'migrations failed' : 'failed to start';
    logger.fatal({ err: error }, `${name} ${what}`);
    await telemetry.shutdown();
    process.exit(1);
  }
}
