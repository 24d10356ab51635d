import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CENTS_COLUMN } from './cents-column.js';

describe('cents columns', () => {
  test('map a numeric(14,2) column to cents and back', () => {
    assert.equal(CENTS_COLUMN.from('6800.00'), 680000);
    assert.equal(CENTS_COLUMN.to(680000), '6800.00');
    assert.equal(CENTS_COLUMN.from(null), null);
    assert.equal(CENTS_COLUMN.to(null), null);
  });

  test('refuse a value that is not an amount', () => {
    assert.throws(() => CENTS_COLUMN.from('12.345'), RangeError);
  });
});
