import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { createInstrumentations } from './instrumentations.js';
import { RedactingSpanExporter } from './phi-redaction.js';
import { UntracedRequestSampler } from './untraced-request.sampler.js';

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
 * Starts the OpenTelemetry SDK with an OTLP/HTTP trace exporter sending to
 * `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, and the http, express, NestJS and pg
 * instrumentations (`createInstrumentations`: no PHI in their spans). Telemetry is off when that
 * variable is unset or empty. Only traces are exported; metrics are Prometheus and logs go to
 * stdout.
 *
 * A service does not call this itself: the preload (`node --import @meridian/telemetry/preload`)
 * does, before the application's modules load, so that the instrumentations can patch them;
 * the service then takes that SDK's handle from `runningTelemetry()`.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  const endpoint = (options.env ?? process.env)['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (!endpoint && !options.exporter) return DISABLED;
  if (running) throw new Error('telemetry is already started in this process');
  const exporter =
    options.exporter ??
    new OTLPTraceExporter({ url: `${endpoint?.replace(/\/+$/, '')}/v1/traces` });
  const sdk = new NodeSDK({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
      }),
    ),
    traceExporter: new RedactingSpanExporter(exporter),
    sampler: new UntracedRequestSampler(),
    instrumentations: createInstrumentations(),
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  const handle: TelemetryHandle = {
    enabled: true,
    shutdown: async () => {
      if (running !== handle) return;
      running = undefined;
      await sdk.shutdown();
      // Unregister the globals too, so the API is back to no-op and telemetry can start again.
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  running = handle;
  return handle;
}

/** The SDK the preload started in this process, else a handle that is off. */
export function runningTelemetry(): TelemetryHandle {
  return running ?? DISABLED;
}
