import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { context } from '@opentelemetry/api';
import { StackContextManager, TracerProvider } from '@opentelemetry/sdk-trace';
import { createLogger } from './logger.factory.js';

function capture(): { lines: Record<string, unknown>[]; write(line: string): void } {
  const lines: Record<string, unknown>[] = [];
  return { lines, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  const tracer = new TracerProvider().getTracer('spec');
  before(() => context.setGlobalContextManager(new StackContextManager().enable()));
  after(() => context.disable());

  test('stamps each line written inside an active span with its trace_id and span_id', () => {
    const out = capture();
    const logger = createLogger({ name: 'spec', level: 'info', destination: out });
    const ids = tracer.startActiveSpan('work', (span) => {
      logger.info({ encounterId: 'E-1' }, 'inside the span');
      span.end();
      return span.spanContext();
    });
    assert.equal(out.lines.length, 1);
    assert.equal(out.lines[0]?.['trace_id'], ids.traceId);
    assert.equal(out.lines[0]?.['span_id'], ids.spanId);
    assert.match(ids.traceId, /^[0-9a-f]{32}$/);
    assert.equal(out.lines[0]?.['name'], 'spec');
    assert.equal(out.lines[0]?.['msg'], 'inside the span');
    assert.equal(out.lines[0]?.['encounterId'], 'E-1');
  });

  test('writes no trace ids outside a span', () => {
    const out = capture();
    createLogger({ name: 'spec', destination: out }).info('no span');
    assert.equal(out.lines.length, 1);
    assert.equal('trace_id' in (out.lines[0] ?? {}), false);
    assert.equal('span_id' in (out.lines[0] ?? {}), false);
  });

  test('takes its level from LOG_LEVEL and defaults to info', () => {
    const previous = process.env['LOG_LEVEL'];
    try {
      delete process.env['LOG_LEVEL'];
      assert.equal(createLogger({ name: 'spec', destination: capture() }).level, 'info');
      process.env['LOG_LEVEL'] = 'warn';
      const out = capture();
      const logger = createLogger({ name: 'spec', destination: out });
      logger.info('dropped');
      logger.warn('kept');
      assert.deepEqual(
        out.lines.map((l) => l['msg']),
        ['kept'],
      );
    } finally {
      if (previous === undefined) delete process.env['LOG_LEVEL'];
      else process.env['LOG_LEVEL'] = previous;
    }
  });
});
