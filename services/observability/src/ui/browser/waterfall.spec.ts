import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TraceSpan } from './api.js';
import { shownRows, waterfall } from './waterfall.js';

const span = (
  spanId: string,
  parentSpanId: string | null,
  startMs: number,
  durationMs: number,
): TraceSpan => ({
  spanId,
  parentSpanId,
  service: 'saga-orchestrator',
  name: `span ${spanId}`,
  kind: 'INTERNAL',
  startTime: new Date(Date.UTC(2026, 11, 6, 1, 0, 0, startMs)).toISOString(),
  durationMs,
  status: 'OK',
  attributes: {},
});

describe('a trace as a waterfall', () => {
  test('each span is indented under its parent, its bar placed in the whole trace', () => {
    const { rows, totalMs, startTime } = waterfall([
      span('a', null, 0, 200),
      span('b', 'a', 50, 100),
      span('c', 'b', 100, 25),
      span('d', 'a', 150, 50),
    ]);
    assert.equal(totalMs, 200);
    assert.equal(startTime, '2026-12-06T01:00:00.000Z');
    assert.deepEqual(
      rows.map((r) => [r.span.spanId, r.depth, r.offsetMs, r.leftPercent, r.widthPercent]),
      [
        ['a', 0, 0, 0, 100],
        ['b', 1, 50, 25, 50],
        ['c', 2, 100, 50, 12.5],
        ['d', 1, 150, 75, 25],
      ],
    );
  });

  test('a span whose parent is not in the trace is a root; an instant at the end stays visible', () => {
    const { rows } = waterfall([span('a', 'gone', 0, 1_000), span('b', 'a', 1_000, 0)]);
    assert.deepEqual(
      rows.map((r) => [r.depth, r.leftPercent + r.widthPercent <= 100, r.widthPercent > 0]),
      [
        [0, true, true],
        [1, true, true],
      ],
    );
  });

  test('rows are shown by service, database spans left out on demand', () => {
    const query = { ...span('q', 'a', 10, 5), attributes: { 'db.system.name': 'postgresql' } };
    const legacy = { ...span('l', 'a', 20, 5), attributes: { 'db.system': 'postgresql' } };
    const participant = { ...span('p', 'a', 30, 5), service: 'revenue-cycle' };
    const { rows } = waterfall([span('a', null, 0, 100), query, legacy, participant]);
    const ids = (filter: Parameters<typeof shownRows>[1]): string[] =>
      shownRows(rows, filter).map((r) => r.span.spanId);
    assert.deepEqual(ids({ service: '', databaseSpans: true }), ['a', 'q', 'l', 'p']);
    assert.deepEqual(ids({ service: '', databaseSpans: false }), ['a', 'p']);
    assert.deepEqual(ids({ service: 'revenue-cycle', databaseSpans: true }), ['p']);
    assert.equal(shownRows(rows, { service: 'revenue-cycle', databaseSpans: true })[0]?.depth, 1);
  });

  test('no span: an empty waterfall', () => {
    assert.deepEqual(waterfall([]), { rows: [], totalMs: 0, startTime: null });
  });
});
