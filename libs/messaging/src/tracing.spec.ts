import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { inMessagingSpan } from './tracing.js';

describe('inMessagingSpan', () => {
  const exporter = new InMemorySpanExporter();
  before(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(
      new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] }),
    );
  });
  after(() => {
    trace.disable();
    context.disable();
  });

  test('names and describes a send and its process by the messaging conventions', async () => {
    exporter.reset();
    const topic = 'clinical.encounters.v1';
    await inMessagingSpan('send', { topic, key: 'V1001', recordName: 'R' }, ROOT_CONTEXT, () =>
      inMessagingSpan(
        'process',
        { topic, key: 'V1001', messageId: 'm-1', group: 'revenue-cycle' },
        context.active(),
        () => Promise.resolve(),
      ),
    );
    const [processSpan, sendSpan] = exporter.getFinishedSpans();
    assert.equal(sendSpan?.name, `send ${topic}`);
    assert.equal(sendSpan.kind, SpanKind.PRODUCER);
    assert.deepEqual(sendSpan.attributes, {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.destination.name': topic,
      'messaging.kafka.message.key': 'V1001',
      'meridian.record': 'R',
    });
    assert.equal(processSpan?.name, `process ${topic}`);
    assert.equal(processSpan.kind, SpanKind.CONSUMER);
    assert.equal(processSpan.parentSpanContext?.spanId, sendSpan.spanContext().spanId);
    assert.equal(processSpan.attributes['messaging.operation.type'], 'process');
    assert.equal(processSpan.attributes['messaging.consumer.group.name'], 'revenue-cycle');
    assert.equal(processSpan.attributes['messaging.message.id'], 'm-1');
  });

  test('records a failure with its class and rethrows it', async () => {
    exporter.reset();
    class StoreDownError extends Error {
      override name = 'StoreDownError';
    }
    await assert.rejects(
      inMessagingSpan('process', { topic: 't', key: null }, ROOT_CONTEXT, () =>
        Promise.reject(new StoreDownError('store down')),
      ),
      StoreDownError,
    );
    const [span] = exporter.getFinishedSpans();
    assert.equal(span?.status.code, SpanStatusCode.ERROR);
    assert.equal(span.attributes['error.type'], 'StoreDownError');
    assert.equal('messaging.kafka.message.key' in span.attributes, false);
  });
});
