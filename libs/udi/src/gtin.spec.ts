import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeGtin } from './gtin.js';

describe('normalizeGtin', () => {
  test('accepts a valid GTIN-14 as it is', () => {
    assert.deepEqual(normalizeGtin('09506000134352'), { ok: true, gtin: '09506000134352' });
  });

  test('pads a valid GTIN-13 and GTIN-8 to fourteen digits', () => {
    assert.deepEqual(normalizeGtin('9506000134352'), { ok: true, gtin: '09506000134352' });
    assert.deepEqual(normalizeGtin('96385074'), { ok: true, gtin: '00000096385074' });
  });

  test('names the expected check digit when the given one is wrong', () => {
    assert.deepEqual(normalizeGtin('00884521123458'), {
      ok: false,
      message: 'has an invalid check digit (expected 1)',
    });
  });

  test('refuses other lengths and non-digits', () => {
    assert.equal(normalizeGtin('123456789').ok, false);
    assert.equal(normalizeGtin('0088452112345X').ok, false);
    assert.equal(normalizeGtin('').ok, false);
  });
});
