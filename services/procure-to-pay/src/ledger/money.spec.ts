import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CENTS_COLUMN, formatCents, toCents } from './money.js';

describe('money', () => {
  test('reads decimal strings as exact integer cents', () => {
    assert.equal(toCents('2450.00'), 245000);
    assert.equal(toCents('0.1'), 10);
    assert.equal(toCents('58'), 5800);
    assert.equal(toCents('-310.05'), -31005);
    assert.equal(toCents('-0.00'), 0);
    assert.equal(toCents('9999999999999.99'), 999999999999999);
  });

  test('refuses anything that is not a decimal with at most two places', () => {
    for (const text of ['', '1.005', '1e3', ' 1.00', '1,00', 'abc', '.50', '12345678901234.00']) {
      assert.equal(toCents(text), undefined, text);
    }
  });

  test('formats cents with two decimals, the sign in front', () => {
    assert.equal(formatCents(245000), '2450.00');
    assert.equal(formatCents(5), '0.05');
    assert.equal(formatCents(-31005), '-310.05');
    assert.equal(formatCents(0), '0.00');
    assert.throws(() => formatCents(0.5), RangeError);
  });

  test('maps a numeric(14,2) column to cents and back', () => {
    assert.equal(CENTS_COLUMN.from('6800.00'), 680000);
    assert.equal(CENTS_COLUMN.to(680000), '6800.00');
    assert.equal(CENTS_COLUMN.from(null), null);
  });
});
