import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GS, gs1Date, parseGs1Barcode } from './gs1-barcode.js';

const TODAY = new Date('2026-03-15T12:00:00Z');

function parsed(text: string) {
  const result = parseGs1Barcode(text, TODAY);
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.barcode;
}

function failure(text: string): string {
  const result = parseGs1Barcode(text, TODAY);
  assert.equal(result.ok, false);
  return result.ok ? '' : result.message;
}

describe('GS1 barcode parser', () => {
  test('reads the bracketed form with GTIN, lot, expiry and serial', () => {
    assert.deepEqual(parsed('(01)09506000134352(17)271231(10)LOT4711(21)SN000123'), {
      gtin: '09506000134352',
      lotNumber: 'LOT4711',
      serialNumber: 'SN000123',
      expirationDate: '2027-12-31',
    });
  });

  test('reads the raw FNC1 form: a group separator ends each variable-length field', () => {
    assert.deepEqual(parsed(`010950600013435210LOT4711${GS}17271231${GS}21SN000123`), {
      gtin: '09506000134352',
      lotNumber: 'LOT4711',
      serialNumber: 'SN000123',
      expirationDate: '2027-12-31',
    });
  });

  test('ignores a symbology identifier and a leading FNC1', () => {
    assert.equal(parsed(`]d2${GS}0109506000134352`).gtin, '09506000134352');
    assert.equal(parsed(']C1(01)09506000134352').gtin, '09506000134352');
  });

  test('leaves absent elements null', () => {
    assert.deepEqual(parsed('0109506000134352'), {
      gtin: '09506000134352',
      lotNumber: null,
      serialNumber: null,
      expirationDate: null,
    });
  });

  test('reads the last field of the raw form up to the end without a separator', () => {
    assert.equal(parsed('010950600013435210ABC-12/3').lotNumber, 'ABC-12/3');
  });

  test('fails on a GTIN with a wrong check digit, naming the expected digit', () => {
    assert.match(failure('(01)00884521123458'), /GTIN \(01\).*expected 1/);
  });

  test('fails without a GTIN, on an unknown AI, or on a repeated AI', () => {
    assert.match(failure('(10)LOT1'), /no GTIN/);
    assert.match(failure('(01)09506000134352(24)250101'), /unknown AI \(24\)/);
    assert.match(failure('010950600013435205ABC'), /unknown AI \(05\)/);
    assert.match(failure('(01)09506000134352(10)A(10)B'), /\(10\) twice/);
  });

  test('reads the production date (11) and steps over other known AIs, keeping its shape', () => {
    assert.deepEqual(parsed(`0109506000134352112501013012${GS}240PART-7${GS}10L1`), {
      gtin: '09506000134352',
      lotNumber: 'L1',
      serialNumber: null,
      expirationDate: null,
    });
  });

  test('fails on a short GTIN, an empty lot, a lot over 20 characters or outside set 82', () => {
    assert.match(failure('(01)0950600013435'), /13 characters instead of 14/);
    assert.match(failure('(01)09506000134352(10)'), /\(10\) with 1 to 20/);
    assert.match(failure(`(01)09506000134352(10)${'L'.repeat(21)}`), /\(10\) with 1 to 20/);
    assert.match(failure('(01)09506000134352(10)LOT 1'), /set 82/);
  });

  test('fails on text that is not a GS1 element string', () => {
    assert.match(failure('   '), /empty/);
    assert.match(failure('(01)09506000134352 junk('), /not a bracketed GS1 string at position 24/);
    assert.match(failure('hello'), /"he" at position 1 where an AI \(digits\) starts/);
  });
});

describe('GS1 expiry date (AI 17)', () => {
  test('day 00 means the last day of the month, leap years included', () => {
    assert.equal(gs1Date('280200', TODAY), '2028-02-29');
    assert.equal(gs1Date('270400', TODAY), '2027-04-30');
  });

  test('places the year in the century of the GS1 sliding window', () => {
    assert.equal(gs1Date('760101', TODAY), '2076-01-01'); // 50 ahead: this century
    assert.equal(gs1Date('770101', TODAY), '1977-01-01'); // 51 ahead: the previous one
    assert.equal(gs1Date('990101', new Date('2060-01-01T00:00:00Z')), '2099-01-01');
    assert.equal(gs1Date('100101', new Date('2060-01-01T00:00:00Z')), '2110-01-01');
  });

  test('refuses a month or day the calendar does not have', () => {
    assert.match(failure('(01)09506000134352(17)271301'), /month 13/);
    assert.match(failure('(01)09506000134352(17)270230'), /day 30/);
    assert.match(
      failure('(01)09506000134352(17)27AB01'),
      /\(17\) with a character other than a digit/,
    );
  });
});
