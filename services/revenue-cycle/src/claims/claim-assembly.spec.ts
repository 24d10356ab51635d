import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodedDiagnosis } from '@meridian/contracts';
import { formatCents, sumCents } from '@meridian/contracts';
import { assembleClaim, checkClaim, typeOfBill } from './claim-assembly.js';
import type { BillableCharge, ClaimRequest } from './claim-assembly.js';

const charge = (
  chargeId: string,
  revenueCode: string,
  cpt: string | null,
  units: number,
  amountCents: number,
  serviceDate: string,
): BillableCharge => ({
  chargeId,
  revenueCode,
  cptHcpcsCode: cpt,
  units,
  amountCents,
  serviceDate,
});
const CHARGES = [
  charge('c1', '0120', null, 3, 735000, '2026-03-02'),
  charge('c2', '0300', '80053', 1, 14500, '2026-03-02'),
  charge('c3', '0300', '80053', 1, 14500, '2026-03-03'),
  charge('c4', '0270', null, 3, 9600, '2026-03-02'),
  charge('c5', '0270', 'A6550', 1, 26500, '2026-03-03'),
  charge('c6', '0250', 'J1650', 2, 11600, '2026-03-03'),
];
const principal: CodedDiagnosis = {
  icd10CmCode: 'I50.23',
  sequence: 1,
  principal: true,
  presentOnAdmission: 'Y',
};
const request = (overrides: Partial<ClaimRequest> = {}): ClaimRequest => ({
  claimType: 'INSTITUTIONAL_837I',
  currency: 'USD',
  patientClass: 'INPATIENT',
  diagnoses: [principal],
  chargeIds: CHARGES.map((c) => c.chargeId),
  expectedTotalCents: sumCents(CHARGES.map((c) => c.amountCents)),
  ...overrides,
});

describe('claim assembly', () => {
  test('groups inpatient charges by revenue code and CPT/HCPCS, summing units and amounts, ordered by revenue code', () => {
    const claim = assembleClaim(CHARGES, 'INPATIENT');
    assert.deepEqual(
      claim.lines.map((l) => [
        l.lineNumber,
        l.revenueCode,
        l.cptHcpcsCode,
        l.serviceDate,
        l.units,
        formatCents(l.amountCents),
      ]),
      [
        [1, '0120', null, null, 3, '7350.00'],
        [2, '0250', 'J1650', null, 2, '116.00'],
        [3, '0270', null, null, 3, '96.00'],
        [4, '0270', 'A6550', null, 1, '265.00'],
        [5, '0300', '80053', null, 2, '290.00'],
      ],
    );
  });

  test('totals the lines to exactly the sum of the charges, and by revenue code', () => {
    const claim = assembleClaim(CHARGES, 'INPATIENT');
    assert.equal(claim.totalCents, sumCents(CHARGES.map((c) => c.amountCents)));
    assert.equal(formatCents(claim.totalCents), '8117.00');
    assert.deepEqual(
      claim.revenueCodeTotals.map((t) => [t.revenueCode, formatCents(t.amountCents)]),
      [
        ['0120', '7350.00'],
        ['0250', '116.00'],
        ['0270', '361.00'],
        ['0300', '290.00'],
      ],
    );
  });

  test('keeps service dates apart on claims that are not inpatient', () => {
    const claim = assembleClaim(CHARGES.slice(1, 3), 'OUTPATIENT');
    assert.deepEqual(
      claim.lines.map((l) => [l.serviceDate, l.units]),
      [
        ['2026-03-02', 1],
        ['2026-03-03', 1],
      ],
    );
  });

  test('bills inpatients as 0111 and everyone else as 0131', () => {
    assert.equal(typeOfBill('INPATIENT'), '0111');
    assert.equal(typeOfBill('OBSERVATION'), '0131');
  });
});

describe('claim checks', () => {
  test('passes a claim whose charges are all active and total what was finalized', () => {
    const check = checkClaim(request(), CHARGES);
    assert.ok(check.ok);
    assert.equal(check.claim.lines.length, 5);
  });

  test('bills only the requested charges', () => {
    const check = checkClaim(request({ chargeIds: ['c1'], expectedTotalCents: 735000 }), CHARGES);
    assert.ok(check.ok);
    assert.deepEqual(
      check.claim.lines.map((l) => l.revenueCode),
      ['0120'],
    );
  });

  test('fails CLAIM_TOTAL_MISMATCH naming both totals when the finalized total differs', () => {
    const check = checkClaim(request({ expectedTotalCents: 811800 }), CHARGES);
    assert.ok(!check.ok);
    assert.equal(check.rejection.code, 'CLAIM_TOTAL_MISMATCH');
    assert.deepEqual(check.rejection.details, { expectedTotal: '8118.00', claimTotal: '8117.00' });
  });

  test('fails MISSING_PRINCIPAL_DIAGNOSIS without a principal diagnosis', () => {
    const check = checkClaim(request({ diagnoses: [{ ...principal, principal: false }] }), CHARGES);
    assert.ok(!check.ok);
    assert.equal(check.rejection.code, 'MISSING_PRINCIPAL_DIAGNOSIS');
  });

  test('fails CHARGES_NOT_BILLABLE naming charges that are unknown or reversed, or when there are none', () => {
    const missing = checkClaim(request(), CHARGES.slice(1));
    assert.ok(!missing.ok);
    assert.equal(missing.rejection.code, 'CHARGES_NOT_BILLABLE');
    assert.deepEqual(missing.rejection.details, { chargeIds: 'c1' });
    const none = checkClaim(request({ chargeIds: [], expectedTotalCents: 0 }), CHARGES);
    assert.ok(!none.ok);
    assert.equal(none.rejection.code, 'CHARGES_NOT_BILLABLE');
  });

  test('supports USD institutional claims only', () => {
    const check = checkClaim(request({ claimType: 'UNKNOWN' }), CHARGES);
    assert.ok(!check.ok);
    assert.equal(check.rejection.code, 'UNSUPPORTED_CLAIM');
  });
});
