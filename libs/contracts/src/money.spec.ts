import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatCents, multiplyCents, parseCents, sumCents, toCents } from './money.js';

describe('money as integer cents', () => {
  test('parses decimal strings with up to two decimals into exact cents', () => {
    assert.equal(parseCents('2450.00'), 245000);
    assert.equal(parseCents('85'), 8500);
    assert.equal(parseCents('0.1'), 10);
    assert.equal(parseCents('-3.05'), -305);
    assert.equal(parseCents('-0.00'), 0);
    assert.equal(parseCents('9999999999999.99'), 999999999999999);
  });

  test('refuses anything that is not a decimal with at most two places', () => {
    for (const bad of [
      '',
      '1.234',
      'abc',
      '1,000.00',
      '1e3',
      '.5',
      '--1',
      ' 1.00',
      '12345678901234.00',
    ]) {
      assert.equal(parseCents(bad), undefined, bad);
    }
    assert.throws(() => toCents('12.345'), RangeError);
  });

  test('formats cents with two decimals, keeping leading zeros and the sign', () => {
    assert.equal(formatCents(245000), '2450.00');
    assert.equal(formatCents(5), '0.05');
    assert.equal(formatCents(0), '0.00');
    assert.equal(formatCents(-305), '-3.05');
    assert.equal(formatCents(-5), '-0.05');
    assert.throws(() => formatCents(0.5), RangeError);
  });

  test('adds and multiplies without the float drift of 0.1 + 0.2', () => {
    assert.equal(formatCents(sumCents([toCents('0.10'), toCents('0.20')])), '0.30');
    assert.equal(formatCents(multiplyCents(toCents('32.00'), 3)), '96.00');
    assert.equal(sumCents([]), 0);
    assert.throws(() => sumCents([Number.MAX_SAFE_INTEGER, 1]), RangeError);
  });
});
