import type { Attributes, Context, SpanKind } from '@opentelemetry/api';
import { trace, TraceFlags } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';

/** `nestjs.type` of the spans NestJS opens per request (its router's, then the handler's). */
const NEST_REQUEST_TYPES = new Set(['request_context', 'handler']);

/**
 * Samples every span, except a NestJS request span that starts a trace: a request always has
 * an HTTP server span above it, unless the http instrumentation chose not to trace it
 * (`/health/*`, `/metrics`), and then Nest's spans, and the pg spans under them, are dropped too.
 * Children follow their parent's decision.
 */
export class UntracedRequestSampler implements Sampler {
  shouldSample(
    parent: Context,
    _traceId: string,
    _spanName: string,
    _spanKind: SpanKind,
    attributes: Attributes,
  ): SamplingResult {
    const parentSpan = trace.getSpanContext(parent);
    if (parentSpan)
      return { decision: sampledIf((parentSpan.traceFlags & TraceFlags.SAMPLED) !== 0) };
    return { decision: sampledIf(!NEST_REQUEST_TYPES.has(String(attributes['nestjs.type']))) };
  }

  toString(): string {
    return 'UntracedRequestSampler';
  }
}

function sampledIf(sampled: boolean): SamplingDecision {
  return sampled ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD;
}
