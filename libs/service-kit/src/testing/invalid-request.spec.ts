import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestException } from '../problem/problem-details.js';
import { invalidFields, invalidRequestErrors } from './invalid-request.js';

const refuse = (): never => {
  throw new InvalidRequestException([
    { field: 'row 2: name', row: 2, message: 'is required' },
    { field: 'body', message: 'is empty' },
  ]);
};

describe('invalid request helpers of specs', () => {
  test('give the errors and the fields of the 400 thrown, in order', () => {
    assert.deepEqual(invalidFields(refuse), ['row 2: name', 'body']);
    assert.equal(invalidRequestErrors(refuse)[0]?.row, 2);
  });

  test('fail when nothing or another error is thrown', () => {
    assert.throws(() => invalidFields(() => 1), assert.AssertionError);
    assert.throws(
      () =>
        invalidFields(() => {
          throw new Error('boom');
        }),
      assert.AssertionError,
    );
  });
});
