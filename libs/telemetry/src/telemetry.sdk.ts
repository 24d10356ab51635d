import { createRequire } from 'node:module';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { startNodeSdk } from './node-sdk.js';

export interface TelemetryOptions {
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** Where `OTEL_EXPORTER_OTLP_ENDPOINT` is read from; defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Where spans go instead of OTLP (tests: an in-memory exporter); telemetry is then on whatever
   * the environment says. Spans reach it through the same redaction as OTLP's.
   */
  readonly exporter?: SpanExporter;
}

export interface TelemetryHandle {
  /** False when no OTLP endpoint is configured: no SDK was started. */
  readonly enabled: boolean;
  /** Flushes pending spans and stops the SDK; a no-op when telemetry is off. */
  shutdown(): Promise<void>;
}

const DISABLED: TelemetryHandle = { enabled: false, shutdown: () => Promise.resolve() };

/** The SDK this process runs (one at most: it owns the global tracer provider). */
let running: TelemetryHandle | undefined;

/**
 * The SDK's module, loaded on first use: ~0.5 s of CPU and ~12 MB of heap and code that a service
 * with telemetry off never needs (required, not imported, so that `startTelemetry` stays
 * synchronous; Node loads the ES module and its imports as `import` would).
 */
function nodeSdk(): { startNodeSdk: typeof startNodeSdk } {
  return createRequire(import.meta.url)('./node-sdk.js') as { startNodeSdk: typeof startNodeSdk };
}

/**
 * Starts the OpenTelemetry SDK with an OTLP/HTTP trace exporter sending to
 * `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, and the http, express, NestJS and pg
 * instrumentations (`createInstrumentations`: no PHI in their spans). Telemetry is off when that
 * variable is unset or empty: the SDK is then not even loaded, only the API's no-op remains.
 * Only traces are exported; metrics are Prometheus and logs go to stdout.
 *
 * A service does not call this itself: the preload (`node --import @meridian/telemetry/preload`)
 * does, before the application's modules load, so that the instrumentations can patch them;
 * the service then takes that SDK's handle from `runningTelemetry()`.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  const endpoint = (options.env ?? process.env)['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (!endpoint && !options.exporter) return DISABLED;
  if (running) throw new Error('telemetry is already started in this process');
  const sdk = nodeSdk().startNodeSdk({
    serviceName: options.serviceName,
    ...(options.serviceVersion ? { serviceVersion: options.serviceVersion } : {}),
    endpoint,
    exporter: options.exporter,
  });
  const handle: TelemetryHandle = {
    enabled: true,
    shutdown: async () => {
      if (running !== handle) return;
      running = undefined;
      // Unregisters the globals too, so the API is back to no-op and telemetry can start again.
      await sdk.shutdown();
    },
  };
  running = handle;
  return handle;
}

/** The SDK the preload started in this process, else a handle that is off. */
export function runningTelemetry(): TelemetryHandle {
  return running ?? DISABLED;
}
