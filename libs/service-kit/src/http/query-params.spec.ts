import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invalidRequestErrors } from '../testing/invalid-request.js';
import { isUuid, PAGE_LIMIT, QueryParams, requireUuid } from './query-params.js';

const isDate = (value: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(value);

describe('query parameters', () => {
  test('read trimmed values, accepted symbols, integers and defaults', () => {
    const params = new QueryParams(
      { encounterId: ' V000123 ', status: 'POSTED', limit: '20', asOf: '2026-03-01', n: '7' },
      ['encounterId', 'status', 'limit', 'asOf', 'n', 'absent'],
    );
    assert.equal(params.text('encounterId'), 'V000123');
    assert.equal(params.requiredText('encounterId'), 'V000123');
    assert.equal(params.text('absent'), undefined);
    assert.equal(params.oneOf('status', ['POSTED', 'REVERSED']), 'POSTED');
    assert.equal(params.integer('limit', PAGE_LIMIT), 20);
    assert.equal(params.integer('absent', PAGE_LIMIT), 50);
    assert.equal(params.matching('asOf', isDate, 'must be a date'), '2026-03-01');
    assert.equal(
      params.parsed('n', (v) => Number(v) * 2, 'must be a number'),
      14,
    );
    params.done();
  });

  test('name every unknown, repeated, blank, missing or invalid parameter in one 400', () => {
    const errors = invalidRequestErrors(() => {
      const params = new QueryParams(
        { bogus: '1', kind: ['A', 'B'], code: ' ', status: 'OPEN', limit: '0', asOf: 'today' },
        ['kind', 'code', 'status', 'limit', 'asOf', 'cursor', 'encounterId'],
      );
      params.text('kind');
      params.text('code');
      params.oneOf('status', ['POSTED', 'REVERSED']);
      params.integer('limit', PAGE_LIMIT);
      params.matching('asOf', isDate, 'must be a date');
      params.requiredText('encounterId');
      params.done();
    });
    assert.deepEqual(errors, [
      { field: 'bogus', message: 'is not a known parameter' },
      { field: 'kind', message: 'must be given once' },
      { field: 'code', message: 'must not be blank' },
      { field: 'status', message: 'must be one of POSTED, REVERSED' },
      { field: 'limit', message: 'must be an integer between 1 and 200' },
      { field: 'asOf', message: 'must be a date' },
      { field: 'encounterId', message: 'is required' },
    ]);
  });

  test('reject values longer than 200 characters and what a parser refuses', () => {
    const errors = invalidRequestErrors(() => {
      const params = new QueryParams({ q: 'x'.repeat(201), cursor: 'zz' }, ['q', 'cursor']);
      params.text('q');
      params.parsed('cursor', () => undefined, 'is not a cursor this API issued');
      params.done();
    });
    assert.deepEqual(errors, [
      { field: 'q', message: 'must be at most 200 characters' },
      { field: 'cursor', message: 'is not a cursor this API issued' },
    ]);
  });
});

describe('UUID path ids', () => {
  test('are accepted in any case and answered in lower case', () => {
    assert.equal(isUuid('3F2504E0-4F89-11D3-9A0C-0305E82C3301'), true);
    assert.equal(
      requireUuid('id', '3F2504E0-4F89-11D3-9A0C-0305E82C3301'),
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    );
  });

  test('are a 400 naming the field when not a UUID', () => {
    assert.equal(isUuid('42'), false);
    assert.deepEqual(
      invalidRequestErrors(() => requireUuid('id', '42')),
      [{ field: 'id', message: 'must be a UUID' }],
    );
  });
});
