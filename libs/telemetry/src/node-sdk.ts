// The OpenTelemetry Node SDK with Meridian's exporter, sampler and instrumentations: loaded only
// when telemetry is on (`startTelemetry` requires this module then), so a service with tracing off
// neither loads nor compiles it.
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { createInstrumentations } from './instrumentations.js';
import { RedactingSpanExporter } from './phi-redaction.js';
import { UntracedRequestSampler } from './untraced-request.sampler.js';

export interface NodeSdkOptions {
  readonly serviceName: string;
  readonly serviceVersion?: string;
  /** `${endpoint}/v1/traces` receives the spans over OTLP/HTTP, unless `exporter` is given. */
  readonly endpoint: string | undefined;
  readonly exporter: SpanExporter | undefined;
}

/**
 * Starts the SDK (global tracer provider, context manager, propagator, instrumentations); the
 * answer stops it and unregisters those globals, so the API is back to no-op.
 */
export function startNodeSdk(options: NodeSdkOptions): { shutdown(): Promise<void> } {
  const exporter =
    options.exporter ??
    new OTLPTraceExporter({ url: `${options.endpoint?.replace(/\/+$/, '')}/v1/traces` });
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
  return {
    shutdown: async () => {
      await sdk.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
