// `node --import @meridian/telemetry/preload dist/main.js`: starts OpenTelemetry before the
// service's modules load, so that the http, express, NestJS and pg instrumentations patch them.
// Off (nothing registered, nothing started, the SDK and instrumentations not even loaded) when
// OTEL_EXPORTER_OTLP_ENDPOINT is unset.
// The service name is OTEL_SERVICE_NAME, else the entry script's package name; the version is
// that package's. `bootstrapService` takes the handle from `runningTelemetry()`.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import { startTelemetry } from './telemetry.sdk.js';

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
}

/** The package.json nearest above `script` (the service's), else empty. */
function packageOf(script: string | undefined): PackageJson {
  for (let dir = dirname(script ?? '.'); ; dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    } catch {
      if (dirname(dir) === dir) return {};
    }
  }
}

if (process.env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim()) {
  // ES modules are patched through a loader hook; CommonJS ones through require's.
  const { INSTRUMENTED_MODULES } = await import('./instrumentations.js');
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, {
    data: { include: INSTRUMENTED_MODULES },
  });
  const service = packageOf(process.argv[1]);
  const serviceName =
    process.env['OTEL_SERVICE_NAME']?.trim() || service.name?.replace(/^@[^/]+\//, '') || 'node';
  startTelemetry({
    serviceName,
    ...(service.version ? { serviceVersion: service.version } : {}),
  });
}
