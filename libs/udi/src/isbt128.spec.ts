import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isbt128Udi } from './isbt128-builder.js';
import { isbt128CheckCharacter } from './isbt128.js';
import type { ParsedUdi } from './parsed-udi.js';
import { parseUdi } from './udi.js';

/** ST-001 figure 9: FIN(P) A9997, facility-defined product code AB3456, PDC T0123. */
const PPIC = 'A9997AB3456T0123';
/** ST-001 appendix A: DIN G1234 17 654321, check character A, type 3 flags 70. */
const DIN = 'G123417654321';

function udi(text: string): ParsedUdi {
  const result = parseUdi(text);
  assert.ok(result.ok, result.ok ? '' : `${result.part}: ${result.message}`);
  return result.udi;
}

function failure(text: string): { part: string; message: string } {
  const result = parseUdi(text);
  assert.equal(result.ok, false, `${JSON.stringify(text)} should fail`);
  return result.ok ? { part: '', message: '' } : { part: result.part, message: result.message };
}

const FULL: ParsedUdi = {
  issuingAgency: 'ICCBBA',
  deviceIdentifier: PPIC,
  lotNumber: '5434RZ',
  serialNumber: DIN,
  expirationDate: '2027-12-31',
  manufactureDate: '2025-06-01',
};
const LOT = '&,10000000000005434RZ';

describe('ISBT 128 DIN check character', () => {
  test('is ISO/IEC 7064 mod 37-2 over the 13-character DIN (ST-001 appendix A)', () => {
    assert.equal(isbt128CheckCharacter(DIN), 'A');
    assert.throws(() => isbt128CheckCharacter('G1234*7654321'), RangeError);
  });

  test('type 3 flag characters (60 + the check value) are verified', () => {
    assert.equal(udi(`=/${PPIC}=${DIN}70`).serialNumber, DIN);
    assert.equal(udi(`=/${PPIC}=${DIN}00`).serialNumber, DIN); // flags not used
    assert.equal(udi(`=/${PPIC}=${DIN}01`).serialNumber, DIN); // container 1 of a set
    const wrong = failure(`=/${PPIC}=${DIN}71`);
    assert.equal(wrong.part, 'ISBT 128 DIN check character');
    assert.match(wrong.message, /70/);
  });

  test('the eye-readable DIN is checked against its keyboard check character K', () => {
    assert.equal(failure('=G1234 17 654321 B').part, 'ISBT 128 DIN check character');
    assert.equal(failure('=G123417654321 70 B').part, 'ISBT 128 DIN check character');
    const alone = failure('=G1234 17 654321 A');
    assert.equal(alone.part, 'ISBT 128 PPIC');
    assert.match(alone.message, /DIN alone/);
  });
});

describe('ISBT 128 UDI', () => {
  test('reads concatenated PPIC, DIN, expiration date, production date and MPHO lot', () => {
    assert.deepEqual(udi(`=/${PPIC}=${DIN}70=>027365=}025152${LOT}`), FULL);
  });

  test('reads the structures in any order, behind a symbology identifier or a compound message', () => {
    assert.deepEqual(udi(`${LOT}=}025152=>027365=${DIN}70=/${PPIC}`), FULL);
    assert.deepEqual(udi(`]d1=/${PPIC}=${DIN}70=>027365=}025152${LOT}`), FULL);
    assert.deepEqual(udi(`=+05000=/${PPIC}=${DIN}70=>027365=}025152${LOT}`), FULL);
  });

  test('reads expiration and production date with time (005, 009) as dates', () => {
    assert.deepEqual(udi(`=/${PPIC}=${DIN}70&>0273652359&}0251521200${LOT}`), FULL);
    assert.equal(failure(`=/${PPIC}&>0273652460`).part, 'ISBT 128 expiry');
  });

  test('takes the Product Code (003) as device identifier when there is no PPIC', () => {
    assert.deepEqual(udi(`=<T1295003=${DIN}70=>027032`), {
      ...FULL,
      deviceIdentifier: 'T1295003',
      lotNumber: null,
      expirationDate: '2027-02-01',
      manufactureDate: null,
    });
  });

  test('steps over other fixed-length structures (blood groups, product divisions)', () => {
    assert.equal(udi(`=/${PPIC}=%5100=,000000=${DIN}70`).serialNumber, DIN);
  });

  test('refuses a Julian day the year does not have', () => {
    assert.deepEqual(failure(`=/${PPIC}=>027366`), {
      part: 'ISBT 128 expiry',
      message: 'the Expiration Date (004) has day 366 of a 365-day year',
    });
    assert.equal(failure(`=/${PPIC}=>027000`).part, 'ISBT 128 expiry');
    assert.equal(failure(`=/${PPIC}=}02536A`).part, 'ISBT 128 production date');
    assert.equal(udi(`=/${PPIC}=>028366`).expirationDate, '2028-12-31');
  });

  test('refuses a scan without PPIC or product code, an unknown identifier, truncated or repeated structures', () => {
    assert.equal(failure(`=${DIN}70=>027365`).part, 'ISBT 128 PPIC');
    assert.equal(failure(`=/${PPIC}=@12345`).part, 'ISBT 128 data identifier');
    assert.equal(failure(`=/${PPIC}x`).part, 'ISBT 128 data identifier');
    assert.equal(failure(`=/${PPIC.slice(0, 12)}`).part, 'ISBT 128 PPIC');
    assert.equal(failure(`=/${PPIC}=/${PPIC}`).part, 'ISBT 128 PPIC');
    assert.equal(failure(`=/${PPIC}=>027365&>0273652359`).part, 'ISBT 128 expiry');
    assert.equal(failure(`=/O9997AB3456T0123`).part, 'ISBT 128 PPIC'); // O is not in a FIN
    assert.equal(failure(`=/${PPIC}&,1LOT-1`).part, 'ISBT 128 lot');
  });
});

describe('ISBT 128 builder', () => {
  test('isbt128Udi writes PPIC, DIN with type 3 flags, dates as cyyjjj and the zero-padded lot', () => {
    const text = isbt128Udi({
      productCode: PPIC,
      donationId: DIN,
      expiry: '2027-12-31',
      manufactured: '2025-06-01',
      lot: '5434RZ',
    });
    assert.equal(text, `=/${PPIC}=${DIN}70=>027365=}025152${LOT}`);
    assert.deepEqual(udi(text), FULL);
    assert.equal(isbt128Udi({ productCode: 'T1295003' }), '=<T1295003');
  });

  test('isbt128Udi refuses what ISBT 128 cannot carry', () => {
    assert.throws(() => isbt128Udi({ productCode: 'A9997' }), RangeError);
    assert.throws(() => isbt128Udi({ productCode: PPIC, donationId: 'O123417654321' }), RangeError);
    assert.throws(() => isbt128Udi({ productCode: PPIC, expiry: '1999-12-31' }), RangeError);
    assert.throws(() => isbt128Udi({ productCode: PPIC, lot: 'lot1' }), RangeError);
  });
});
