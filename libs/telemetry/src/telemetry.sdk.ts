import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** Where `OTEL_EXPORTER_OTLP_ENDPOINT` is read from; defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface TelemetryHandle {
  /** False when no OTLP endpoint is configured: no SDK was started. */
  readonly enabled: boolean;
  /** Flushes pending spans and stops the SDK; a no-op when telemetry is off. */
  shutdown(): Promise<void>;
}

const DISABLED: TelemetryHandle = { enabled: false, shutdown: () => Promise.resolve() };

/**
 * Starts the OpenTelemetry SDK with an OTLP/HTTP trace exporter sending to
 * `${OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`. Telemetry is off when that variable is unset or
 * empty. Only traces are exported; metrics are Prometheus and logs go to stdout.
 * Call it before the application creates any tracer.
 */
export function startTelemetry(options: TelemetryOptions): TelemetryHandle {
  const endpoint = (options.env ?? process.env)['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim();
  if (!endpoint) return DISABLED;
  const sdk = new NodeSDK({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        ...(options.serviceVersion ? { [ATTR_SERVICE_VERSION]: options.serviceVersion } : {}),
      }),
    ),
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` }),
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return {
    enabled: true,
    shutdown: async () => {
      await sdk.shutdown();
      // Unregister the globals too, so the API is back to no-op and telemetry can start again.
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
