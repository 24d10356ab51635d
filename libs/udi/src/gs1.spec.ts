import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GS, gs1Udi } from './gs1.js';
import { gtinCheckDigit } from './gtin.js';
import type { ParsedUdi } from './parsed-udi.js';
import { parseUdi } from './udi.js';

const TODAY = new Date('2026-03-15T12:00:00Z');
/** GS1's own example GTIN (GS1 General Specifications, GS1 DataMatrix examples). */
const GTIN = '09506000134352';

function udi(text: string): ParsedUdi {
  const result = parseUdi(text, TODAY);
  assert.ok(result.ok, result.ok ? '' : `${result.part}: ${result.message}`);
  return result.udi;
}

function failure(text: string): { part: string; message: string } {
  const result = parseUdi(text, TODAY);
  assert.equal(result.ok, false, `${JSON.stringify(text)} should fail`);
  return result.ok ? { part: '', message: '' } : { part: result.part, message: result.message };
}

const FULL: ParsedUdi = {
  issuingAgency: 'GS1',
  deviceIdentifier: GTIN,
  lotNumber: 'LOT4711',
  serialNumber: 'SN000123',
  expirationDate: '2027-12-31',
  manufactureDate: '2025-01-15',
};

describe('GS1 UDI', () => {
  test('reads the bracketed form with GTIN, production date, expiry, lot and serial', () => {
    assert.deepEqual(udi('(01)09506000134352(11)250115(17)271231(10)LOT4711(21)SN000123'), FULL);
  });

  test('reads the raw form: FNC1 (GS) ends each variable-length value but the last', () => {
    const raw = `0109506000134352112501151727123110LOT4711${GS}21SN000123`;
    assert.deepEqual(udi(raw), FULL);
    assert.deepEqual(
      udi(`010950600013435210LOT4711${GS}21SN000123${GS}11250115${GS}17271231`),
      FULL,
    );
  });

  test('strips each GS1 symbology identifier and a leading FNC1', () => {
    const raw = `0109506000134352112501151727123110LOT4711${GS}21SN000123`;
    for (const identifier of [']d2', ']C1', ']Q3', ']e0', ']J1']) {
      assert.deepEqual(udi(`${identifier}${raw}`), FULL, identifier);
      assert.deepEqual(udi(`${identifier}${GS}${raw}`), FULL, `${identifier} with FNC1`);
    }
    assert.deepEqual(udi(`${GS}${raw}`), FULL);
    assert.equal(udi(`]C1(01)${GTIN}`).deviceIdentifier, GTIN);
  });

  test('steps over other AIs of known length (30, 240, 7003, 3103, 91) whatever their place', () => {
    const raw = `01${GTIN}3103001250${'30'}12${GS}240REF-9${GS}7003271231235910L1${GS}91ACME`;
    assert.deepEqual(udi(raw), {
      ...FULL,
      lotNumber: 'L1',
      serialNumber: null,
      expirationDate: null,
      manufactureDate: null,
    });
    assert.equal(udi(`(01)${GTIN}(240)REF-9(7003)2712312359(10)L1`).lotNumber, 'L1');
  });

  test('reports an unknown AI by name, in either form', () => {
    assert.equal(failure(`01${GTIN}05ABC`).part, 'AI 05');
    assert.equal(failure(`(01)${GTIN}(24)ABC`).part, 'AI 24');
    assert.equal(failure(`01${GTIN}A1`).part, 'GS1 element string');
  });

  test('fails on a GTIN with a wrong check digit, naming the expected digit', () => {
    const wrong = failure('(01)09506000134353(10)L1');
    assert.equal(wrong.part, 'GTIN check digit');
    assert.match(wrong.message, /expected 2/);
    assert.equal(failure('0109506000134353').part, 'GTIN check digit');
  });

  test('fails without a GTIN, on a repeated AI, a short GTIN or a non-digit date', () => {
    assert.equal(failure('(10)LOT1(17)271231').part, 'AI 01');
    assert.equal(failure(`(01)${GTIN}(10)A(10)B`).part, 'AI 10');
    assert.equal(failure('(01)0950600013435').part, 'AI 01');
    assert.equal(failure(`(01)${GTIN}(17)27AB01`).part, 'AI 17');
  });

  test('refuses a month or day the calendar does not have, in expiry and production date', () => {
    assert.deepEqual(failure(`(01)${GTIN}(17)271301`), {
      part: 'AI 17',
      message: '(17) has month 13',
    });
    assert.equal(failure(`(01)${GTIN}(17)270230`).part, 'AI 17');
    assert.equal(failure(`(01)${GTIN}(11)251301`).part, 'AI 11');
    assert.equal(failure(`(01)${GTIN}(11)250431`).part, 'AI 11');
  });

  test('day 00 is the last day of the month, leap years included', () => {
    assert.equal(udi(`(01)${GTIN}(17)280200`).expirationDate, '2028-02-29');
    assert.equal(udi(`(01)${GTIN}(17)270200`).expirationDate, '2027-02-28');
    assert.equal(udi(`(01)${GTIN}(17)270400`).expirationDate, '2027-04-30');
  });

  test('places two-digit years in the century of the GS1 sliding window', () => {
    assert.equal(udi(`(01)${GTIN}(17)760101`).expirationDate, '2076-01-01');
    assert.equal(udi(`(01)${GTIN}(11)770101`).manufactureDate, '1977-01-01');
    const later = parseUdi(`(01)${GTIN}(17)100101`, new Date('2060-06-01T00:00:00Z'));
    assert.equal(later.ok && later.udi.expirationDate, '2110-01-01');
  });

  test('takes lot and serial in GS1 set 82 only, 1 to 20 characters', () => {
    assert.equal(udi(`(01)${GTIN}(10)A-1/2.3_x"%`).lotNumber, 'A-1/2.3_x"%');
    assert.equal(failure(`(01)${GTIN}(10)LOT 1`).part, 'AI 10');
    assert.equal(failure(`(01)${GTIN}(21)SN#1`).part, 'AI 21');
    assert.equal(failure(`(01)${GTIN}(21)${'S'.repeat(21)}`).part, 'AI 21');
    assert.equal(failure(`(01)${GTIN}(10)`).part, 'AI 10');
  });
});

describe('GS1 builders', () => {
  test('gtinCheckDigit is the mod-10 check digit of the GS1 key body', () => {
    assert.equal(gtinCheckDigit('0950600013435'), '2');
    assert.equal(gtinCheckDigit('0088452112345'), '1');
    assert.equal(gtinCheckDigit('629104150021'), '3');
  });

  test('gs1Udi writes both forms, fixed-length AIs first, GS only after variable ones', () => {
    const u = {
      gtin: GTIN,
      lot: 'LOT4711',
      serial: 'SN000123',
      expiry: '2027-12-31',
      manufactured: '2025-01-15',
    };
    assert.equal(gs1Udi(u), '(01)09506000134352(11)250115(17)271231(10)LOT4711(21)SN000123');
    assert.equal(gs1Udi(u, 'fnc1'), `0109506000134352112501151727123110LOT4711${GS}21SN000123`);
    assert.equal(gs1Udi({ gtin: '9506000134352' }), `(01)${GTIN}`);
  });

  test('gs1Udi refuses a wrong GTIN, a bad date or a lot outside set 82', () => {
    assert.throws(() => gs1Udi({ gtin: '09506000134353' }), RangeError);
    assert.throws(() => gs1Udi({ gtin: GTIN, expiry: '2027-13-01' }), RangeError);
    assert.throws(() => gs1Udi({ gtin: GTIN, lot: 'LOT 1' }), RangeError);
    assert.throws(() => gs1Udi({ gtin: GTIN, lot: 'A(1)' }), RangeError);
    assert.equal(gs1Udi({ gtin: GTIN, lot: 'A(1)' }, 'fnc1'), `01${GTIN}10A(1)`);
  });

  test('what gs1Udi writes, parseUdi reads back', () => {
    const u = {
      gtin: GTIN,
      lot: 'L-1',
      serial: 'S/2',
      expiry: '2030-02-28',
      manufactured: '2024-02-29',
    };
    const expected = {
      ...FULL,
      lotNumber: 'L-1',
      serialNumber: 'S/2',
      expirationDate: '2030-02-28',
      manufactureDate: '2024-02-29',
    };
    assert.deepEqual(udi(gs1Udi(u)), expected);
    assert.deepEqual(udi(gs1Udi(u, 'fnc1')), expected);
    assert.deepEqual(udi(`]d2${gs1Udi({ gtin: GTIN, serial: 'X' }, 'fnc1')}`), {
      ...FULL,
      lotNumber: null,
      serialNumber: 'X',
      expirationDate: null,
      manufactureDate: null,
    });
  });
});
