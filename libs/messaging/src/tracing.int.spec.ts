import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { Messaging } from './messaging.factory.js';
import { createScratch, until, type Scratch } from './testing/scratch.js';

describe('trace context across Kafka', () => {
  const exporter = new InMemorySpanExporter();
  let s: Scratch;
  let messaging: Messaging;

  before(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(
      new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }),
    );
    s = await createScratch('tracing');
    await s.register(s.contracts.v1);
    messaging = await s.messaging('tracing-spec');
  });
  after(async () => {
    await s.cleanup();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it("makes the consumer's span a child of the producer's, in the same trace", async () => {
    let handlerTraceId = '';
    const consumer = messaging.consumer(s.group).on(s.topic, s.contracts.v1, async () => {
      handlerTraceId = trace.getActiveSpan()?.spanContext().traceId ?? '';
    });
    await messaging.provision([s.topic]);
    await consumer.start();
    const tracer = trace.getTracer('spec');
    const rootTraceId = await tracer.startActiveSpan('discharge V1001', async (root) => {
      await messaging.publisher.publish(
        s.topic,
        s.contracts.v1,
        { bedId: '7E-02', status: 'CLEANING' },
        { key: '7E' },
      );
      root.end();
      return root.spanContext().traceId;
    });
    await until('the consumer span ended', async () =>
      exporter.getFinishedSpans().some((x) => x.kind === SpanKind.CONSUMER),
    );

    const spans = exporter.getFinishedSpans();
    const producer = spans.find((x) => x.kind === SpanKind.PRODUCER);
    const consumerSpan = spans.find((x) => x.kind === SpanKind.CONSUMER);
    assert.ok(producer && consumerSpan);
    assert.equal(producer.spanContext().traceId, rootTraceId);
    assert.equal(consumerSpan.spanContext().traceId, rootTraceId, 'one trace across the hop');
    assert.equal(
      consumerSpan.parentSpanContext?.spanId,
      producer.spanContext().spanId,
      'consumer span is the child of the producer span',
    );
    assert.equal(handlerTraceId, rootTraceId, 'the handler runs inside the consumer span');
    assert.equal(consumerSpan.attributes['messaging.destination.name'], s.topic.name);
    assert.equal(consumerSpan.attributes['messaging.consumer.group.name'], s.group);
  });
});
