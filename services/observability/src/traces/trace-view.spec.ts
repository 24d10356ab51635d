import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { isTraceId, STATEMENT_MAX_LENGTH, traceView } from './trace-view.js';
import type { JaegerTracesAnswer, TraceView } from './trace-view.js';

/** Answers of Jaeger's `/api/traces/<id>` captured from the local stack, cut to a few spans. */
function captured(name: string): JaegerTracesAnswer {
  const file = new URL(`../../src/traces/fixtures/${name}.jaeger.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as JaegerTracesAnswer;
}

const DISCHARGE = 'c7da7203d332ed4e36d6ea44400c1d4b';
const DEAD_LETTER = 'a8469a1f018d0ed0c7e8dadc34a633e5';

function view(traceId: string, answer: JaegerTracesAnswer): TraceView {
  const found = traceView(traceId, answer);
  assert.ok(found, `trace ${traceId}`);
  return found;
}

describe('a trace from Jaeger as the dashboard shows it', () => {
  test('a trace id is 32 lowercase hex digits, not all zero', () => {
    assert.equal(isTraceId(DISCHARGE), true);
    assert.equal(isTraceId(DISCHARGE.toUpperCase()), false);
    assert.equal(isTraceId(DISCHARGE.slice(1)), false);
    assert.equal(isTraceId(`${DISCHARGE}0`), false);
    assert.equal(isTraceId('0'.repeat(32)), false);
    assert.equal(isTraceId(`${DISCHARGE.slice(0, 31)}g`), false);
  });

  test('spans come parent first, siblings by start, each with its service, kind and times', () => {
    const trace = view(DISCHARGE, captured('discharge'));
    assert.equal(trace.traceId, DISCHARGE);
    assert.deepEqual(
      trace.spans.map((s) => `${s.service}: ${s.name}`),
      [
        'encounter-ingest: mllp receive',
        'encounter-ingest: send clinical.encounter.v1',
        'saga-orchestrator: process clinical.encounter.v1',
        'saga-orchestrator: saga discharge-to-revenue start',
        'saga-orchestrator: send workforce-sync.commands.v1',
        'workforce-sync: process workforce-sync.commands.v1',
        'workforce-sync: pg.query:INSERT dash_workforce_sync_mxb61u9g_354f265e',
        'workforce-sync: send saga.replies.v1',
        'saga-orchestrator: process saga.replies.v1',
        'saga-orchestrator: saga discharge-to-revenue reply ReleaseBed',
      ],
    );
    const byId = new Map(trace.spans.map((s) => [s.spanId, s]));
    trace.spans.forEach((span, index) => {
      if (span.parentSpanId === null) return;
      const parentIndex = trace.spans.indexOf(byId.get(span.parentSpanId) ?? span);
      assert.ok(parentIndex < index, `${span.name} after its parent`);
    });
    const [root, send] = trace.spans;
    assert.deepEqual(root, {
      spanId: '75ef15e6b3af52a6',
      parentSpanId: null,
      service: 'encounter-ingest',
      name: 'mllp receive',
      kind: 'SERVER',
      startTime: '2026-12-06T01:32:04.682Z',
      durationMs: 178.763,
      status: 'OK',
      attributes: {},
    });
    assert.equal(send?.parentSpanId, root?.spanId);
    assert.equal(send?.kind, 'PRODUCER');
    assert.deepEqual(send?.attributes, {
      'messaging.destination.name': 'clinical.encounter.v1',
      'messaging.operation.type': 'send',
    });
    assert.deepEqual(trace.services, ['encounter-ingest', 'saga-orchestrator', 'workforce-sync']);
  });

  test('only the attributes that say what a span did are kept; queries are cut to 200 characters', () => {
    const trace = view(DISCHARGE, captured('discharge'));
    const reply = trace.spans.find((s) => s.name.endsWith('reply ReleaseBed'));
    assert.deepEqual(reply?.attributes, {
      'meridian.saga.business_key': 'MGH:EMXB61XCSDASH',
      'meridian.saga.id': '7c765e09-dc4b-43fa-b176-e802fcfd31e3',
      'meridian.saga.step': 'ReleaseBed',
      'meridian.saga.type': 'discharge-to-revenue',
    });
    const query = trace.spans.find((s) => s.name.startsWith('pg.query:INSERT'));
    assert.equal(query?.kind, 'CLIENT');
    assert.deepEqual(Object.keys(query?.attributes ?? {}).sort(), [
      'db.query.text',
      'db.system.name',
    ]);
    const text = String(query?.attributes['db.query.text']);
    assert.equal(text.length, STATEMENT_MAX_LENGTH);
    assert.match(text, /^INSERT INTO saga_participant_answer\n/);
    assert.ok(text.endsWith('…'), 'says it was cut');
    for (const span of trace.spans) {
      for (const key of Object.keys(span.attributes))
        assert.doesNotMatch(
          key,
          /^(hl7|messaging\.kafka|messaging\.message|meridian\.encounter|db\.namespace)/,
        );
    }
  });

  test('a span that failed is ERROR with its error class; the others OK', () => {
    const trace = view(DEAD_LETTER, captured('dead-letter'));
    const failed = trace.spans.filter((s) => s.status === 'ERROR');
    assert.deepEqual(
      failed.map((s) => [s.service, s.name, s.kind, s.attributes['error.type']]),
      [['workforce-sync', 'process clinical.encounter.v1', 'CONSUMER', 'UnknownLocationError']],
    );
    assert.equal(trace.spans.length, 4);
    assert.equal(trace.spans.filter((s) => s.status === 'OK').length, 3);
  });

  test('a span whose parent Jaeger does not have is shown as a root; another trace id is none', () => {
    const answer = captured('dead-letter');
    const [trace] = answer.data ?? [];
    assert.ok(trace);
    const withoutRoot = {
      data: [{ ...trace, spans: trace.spans.filter((s) => s.operationName !== 'mllp receive') }],
    };
    const spans = view(DEAD_LETTER, withoutRoot).spans;
    assert.equal(spans[0]?.name, 'send clinical.encounter.v1');
    assert.equal(spans[0]?.parentSpanId, '6652d863c1ad66bd', 'the parent it names is kept');
    assert.equal(spans.length, 3);
    assert.equal(traceView(DISCHARGE, answer), null);
    assert.equal(traceView(DEAD_LETTER, { data: null }), null);
  });
});
