import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  SEED_ACCOUNTS,
  SEED_COST_CENTERS,
  SEED_REVENUE_CODE_MAPPINGS,
} from '../migrations/chart-of-accounts.seed.js';
import { resolveRevenueCode } from './revenue-mapping.js';
import type { RevenueMappings } from './revenue-mapping.js';

const seeded: RevenueMappings = new Map(
  SEED_REVENUE_CODE_MAPPINGS.map(([code, accountCode, costCenter]) => [
    code,
    { accountCode, costCenter },
  ]),
);
const post = (code: string): [string, string] | undefined => {
  const posting = resolveRevenueCode(code, seeded);
  return posting && [posting.accountCode, posting.costCenter];
};

describe('revenue code mapping', () => {
  test("posts each unit's room & board code to that unit's cost center", () => {
    assert.deepEqual(post('0120'), ['4010', 'CC-4W']);
    assert.deepEqual(post('0214'), ['4020', 'CC-5E']);
    assert.deepEqual(post('0200'), ['4020', 'CC-ICU']);
    assert.deepEqual(post('0113'), ['4010', 'CC-PEDS']);
  });

  test('posts every revenue code of the chargemaster to its department', () => {
    const expected: Record<string, [string, string]> = {
      '0324': ['4110', 'CC-RAD'],
      '0730': ['4120', 'CC-CARD'],
      '0301': ['4100', 'CC-LAB'],
      '0305': ['4100', 'CC-LAB'],
      '0352': ['4110', 'CC-RAD'],
      '0361': ['4150', 'CC-SURG'],
      '0424': ['4130', 'CC-REHAB'],
      '0450': ['4140', 'CC-ED'],
      '0272': ['4200', 'CC-SPD'],
      '0270': ['4200', 'CC-SPD'],
      '0250': ['4210', 'CC-PHARM'],
    };
    for (const [code, posting] of Object.entries(expected))
      assert.deepEqual(post(code), posting, code);
  });

  test('prefers the exact code to its family: implants are not general supplies', () => {
    assert.deepEqual(post('0278'), ['4220', 'CC-SURG']);
    assert.deepEqual(post('0279'), ['4200', 'CC-SPD']);
  });

  test('falls back to the 3-digit family for codes without their own mapping', () => {
    assert.deepEqual(post('0111'), ['4010', 'CC-4W']);
    assert.deepEqual(post('0133'), ['4010', 'CC-4W']);
    assert.deepEqual(post('0481'), ['4120', 'CC-CARD']);
    assert.deepEqual(post('0402'), ['4110', 'CC-RAD']);
  });

  test('maps nothing for unknown families and for anything but four digits', () => {
    for (const code of ['0999', '0510', '120', '01200', 'ABCD', '']) {
      assert.equal(post(code), undefined, code);
    }
  });

  test('maps only to seeded revenue accounts and cost centers', () => {
    const accounts = new Map(SEED_ACCOUNTS.map(([code, , type]) => [code, type]));
    const costCenters = new Set(SEED_COST_CENTERS.map(([code]) => code));
    for (const [code, accountCode, costCenter] of SEED_REVENUE_CODE_MAPPINGS) {
      assert.equal(accounts.get(accountCode), 'REVENUE', code);
      assert.ok(costCenters.has(costCenter), code);
    }
  });
});
