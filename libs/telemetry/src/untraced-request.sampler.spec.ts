import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import { UntracedRequestSampler } from './untraced-request.sampler.js';

const sampler = new UntracedRequestSampler();
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function under(traceFlags: TraceFlags): Context {
  return trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: '00f067aa0ba902b7',
    traceFlags,
  });
}

const decide = (parent: Context, attributes: Record<string, string> = {}): SamplingDecision =>
  sampler.shouldSample(parent, TRACE_ID, 'span', SpanKind.INTERNAL, attributes).decision;

describe('UntracedRequestSampler', () => {
  test('drops a NestJS request span that starts a trace (its HTTP request was not traced)', () => {
    assert.equal(
      decide(ROOT_CONTEXT, { 'nestjs.type': 'request_context' }),
      SamplingDecision.NOT_RECORD,
    );
    assert.equal(decide(ROOT_CONTEXT, { 'nestjs.type': 'handler' }), SamplingDecision.NOT_RECORD);
  });

  test('samples every other root: an MLLP frame, an HTTP request, a consumed message', () => {
    assert.equal(decide(ROOT_CONTEXT), SamplingDecision.RECORD_AND_SAMPLED);
    assert.equal(
      decide(ROOT_CONTEXT, { 'nestjs.type': 'app_creation' }),
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });

  test("follows the parent's decision, Nest's spans included", () => {
    const nest = { 'nestjs.type': 'request_context' };
    assert.equal(decide(under(TraceFlags.SAMPLED), nest), SamplingDecision.RECORD_AND_SAMPLED);
    assert.equal(decide(under(TraceFlags.NONE)), SamplingDecision.NOT_RECORD);
  });
});
