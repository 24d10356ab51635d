import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestException } from '@meridian/service-kit';
import { QueryParams } from './query-params.js';

function fieldsOf(work: () => void): string[] {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof InvalidRequestException);
    return (error.problem.errors ?? []).map((e) => e.field);
  }
  assert.fail('no InvalidRequestException');
}

describe('query parameters', () => {
  test('read trimmed values, defaults and accepted symbols', () => {
    const params = new QueryParams({ a: ' x ', status: 'POSTED', limit: '20' }, [
      'a',
      'status',
      'limit',
      'b',
    ]);
    assert.equal(params.text('a'), 'x');
    assert.equal(params.text('b'), undefined);
    assert.equal(params.oneOf('status', ['POSTED', 'REVERSED']), 'POSTED');
    assert.equal(params.integer('limit', { min: 1, max: 200, default: 50 }), 20);
    params.done();
  });

  test('name every unknown, repeated, blank or invalid parameter in one 400', () => {
    const fields = fieldsOf(() => {
      const params = new QueryParams(
        { bogus: '1', a: ['x', 'y'], b: ' ', status: 'OPEN', limit: '0', asOf: 'today' },
        ['a', 'b', 'status', 'limit', 'asOf'],
      );
      params.text('a');
      params.text('b');
      params.oneOf('status', ['POSTED', 'REVERSED']);
      params.integer('limit', { min: 1, max: 200, default: 50 });
      params.matching('asOf', (v) => /^\d{4}-\d{2}-\d{2}$/.test(v), 'must be a date');
      params.done();
    });
    assert.deepEqual(fields, ['bogus', 'a', 'b', 'status', 'limit', 'asOf']);
  });
});
