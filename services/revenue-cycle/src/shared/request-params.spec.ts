import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestException } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';
import { DEFAULT_LIMIT, QueryParams, requireUuid } from './request-params.js';

function fieldErrors(run: () => unknown): readonly FieldError[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidRequestException) return error.problem.errors ?? [];
    throw error;
  }
  assert.fail('expected an InvalidRequestException');
}

describe('query parameters', () => {
  test('reads known parameters, with the default limit when absent', () => {
    const params = new QueryParams({ status: 'OPEN', encounterId: ' V000123 ' }, [
      'status',
      'encounterId',
      'limit',
    ]);
    assert.equal(params.oneOf('status', ['OPEN', 'COMPLETED']), 'OPEN');
    assert.equal(params.text('encounterId'), 'V000123');
    assert.equal(params.limit(), DEFAULT_LIMIT);
    params.done();
  });

  test('names every unknown, repeated, missing or out-of-range parameter in one 400', () => {
    const errors = fieldErrors(() => {
      const params = new QueryParams({ status: 'DONE', kind: ['A', 'B'], limit: '0', x: '1' }, [
        'status',
        'kind',
        'limit',
        'encounterId',
      ]);
      params.oneOf('status', ['OPEN']);
      params.text('kind');
      params.limit();
      params.requiredText('encounterId');
      params.done();
    });
    assert.deepEqual(
      errors.map((e) => e.field),
      ['x', 'status', 'kind', 'limit', 'encounterId'],
    );
  });

  test('accepts a UUID path id in any case and rejects anything else naming the field', () => {
    assert.equal(
      requireUuid('id', '3F2504E0-4F89-11D3-9A0C-0305E82C3301'),
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    );
    assert.deepEqual(
      fieldErrors(() => requireUuid('id', '42')),
      [{ field: 'id', message: 'must be a UUID' }],
    );
  });
});
