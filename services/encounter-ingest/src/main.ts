import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { createLogger, PinoNestLogger, startTelemetry } from '@meridian/telemetry';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/app.config.js';

const SERVICE = 'encounter-ingest';
const packageJson = new URL('../package.json', import.meta.url);
const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };

const config = loadConfig();
const telemetry = startTelemetry({
  serviceName: SERVICE,
  serviceVersion: version,
  env: { OTEL_EXPORTER_OTLP_ENDPOINT: config.otlpEndpoint },
});
const logger = createLogger({ name: SERVICE, level: config.logLevel });

try {
  const app = await NestFactory.create(AppModule.register({ config, telemetry }), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.listen(config.port);
  const { port } = app.getHttpServer().address() as AddressInfo;
  logger.info({ port, version, tracing: telemetry.enabled }, `${SERVICE} listening`);
} catch (error) {
  logger.fatal({ err: error }, `${SERVICE} failed to start`);
  await telemetry.shutdown();
  process.exit(1);
}
