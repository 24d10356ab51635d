import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  isNpi,
  isProcedureCode,
  isRevenueCode,
  normalizeIcd10Cm,
  procedureSystem,
  procedureSystemOf,
  readIcd10Cm,
  REVENUE_CODE_FAMILY_PATTERN,
  type KnownProcedureSystem,
} from './clinical-codes.js';

describe('NPI (CMS check digit: Luhn over 80840 and the first nine digits)', () => {
  test('accepts the CMS worked example 1234567893 and other numbers with a valid check digit', () => {
    for (const npi of ['1234567893', '1245319599', '1003000126', '1679576722']) {
      assert.equal(isNpi(npi), true, npi);
    }
  });

  test('refuses a wrong check digit, a wrong length and anything but digits', () => {
    for (const npi of ['1234567890', '1245319598', '123456789', '12345678931', '123456789O', '']) {
      assert.equal(isNpi(npi), false, npi);
    }
  });
});

/** Per system: what its standard says, codes of its format, and codes that are not. */
const PROCEDURE_FORMATS: readonly (readonly [KnownProcedureSystem, string, string[], string[]])[] =
  [
    [
      'CPT',
      'CPT (AMA): 4 digits and a digit (Category I), F (II), T (III), U (PLA) or M (MAAA)',
      ['99213', '71046', '00100', '0001F', '3074F', '0042T', '0001U', '0002M'],
      ['9921', '992130', '0001X', '0001A', 'J1650', '7104 ', ''],
    ],
    [
      'HCPCS',
      'HCPCS Level II (CMS): a section letter A to V (not F, I, N, O) and 4 digits',
      ['A0428', 'C1776', 'E0100', 'G0378', 'J1650', 'L8699', 'Q4081', 'V2020'],
      ['F1234', 'I1234', 'N1234', 'O1234', 'W1234', 'Z9999', '99213', 'C177'],
    ],
    [
      'ICD10PCS',
      'ICD-10-PCS (CMS): 7 characters, digits and letters without I and O',
      ['0SRD0J9', '02HV33Z'],
      ['0SRDOJ9', '0SRD0I9', '0SRD0J', '0SRD0J9Z'],
    ],
  ];

describe('procedure codes', () => {
  for (const [system, standard, valid, invalid] of PROCEDURE_FORMATS) {
    test(standard, () => {
      for (const code of valid) {
        assert.equal(isProcedureCode(code, system), true, code);
        assert.equal(procedureSystemOf(code), system, code);
      }
      for (const code of invalid) assert.equal(isProcedureCode(code, system), false, code);
    });
  }

  test('a declared system is kept; UNKNOWN is read from the format, undefined when none fits', () => {
    assert.equal(procedureSystem('71046', 'HCPCS'), 'HCPCS');
    assert.equal(procedureSystem('0042T', 'UNKNOWN'), 'CPT');
    assert.equal(procedureSystem('XR-CHEST', 'UNKNOWN'), undefined);
  });
});

describe('ICD-10-CM (CDC/NCHS): read with or without the dot, stored dotted', () => {
  test('stores categories as they are and subcategories dotted after the third character', () => {
    const cases: [string, string][] = [
      ['I10', 'I10'],
      ['E11.9', 'E11.9'],
      ['E119', 'E11.9'],
      ['s72.001a', 'S72.001A'],
      ['S72001A', 'S72.001A'],
      ['T36.0X1A', 'T36.0X1A'],
      [' z99.89 ', 'Z99.89'],
      ['U07.1', 'U07.1'],
      ['U099', 'U09.9'],
    ];
    for (const [raw, stored] of cases) assert.equal(normalizeIcd10Cm(raw), stored, raw);
  });

  test('refuses codes that break the letter-digit-alphanumeric pattern or the dot position', () => {
    for (const raw of ['', '110', 'II0.1', 'E1', 'E11.', 'E1.19', 'E11.12345', 'E11-9', 'E11 .9']) {
      const reading = readIcd10Cm(raw);
      assert.equal(reading.ok, false, raw);
      assert.match(reading.ok ? '' : reading.problem, /must be an ICD-10-CM code/, raw);
    }
  });

  test('refuses the reserved U codes ICD-10-CM does not use', () => {
    for (const raw of ['U00', 'U07.2', 'U85']) {
      const reading = readIcd10Cm(raw);
      assert.match(reading.ok ? '' : reading.problem, /reserved U code/, raw);
    }
  });
});

describe('UB-04 revenue codes (NUBC form locator 42)', () => {
  test('accepts 0001 to 0999 and the 100X, 210X and 310X series', () => {
    for (const code of ['0001', '0120', '0278', '0999', '1000', '2101', '3109']) {
      assert.equal(isRevenueCode(code), true, code);
    }
  });

  test('refuses codes without the leading zero, other lengths and unassigned series', () => {
    for (const code of ['120', '01200', '1100', '2000', '4000', '012A', '']) {
      assert.equal(isRevenueCode(code), false, code);
    }
  });

  test('a family is the first three digits of a revenue code', () => {
    for (const family of ['012', '027', '100', '310']) {
      assert.match(family, REVENUE_CODE_FAMILY_PATTERN);
    }
    for (const family of ['12', '0120', '110']) {
      assert.doesNotMatch(family, REVENUE_CODE_FAMILY_PATTERN);
    }
  });
});
