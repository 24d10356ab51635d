import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { unknownCoverage } from './coverage.js';
import type { PayerPlan } from './payer.entity.js';

const BCBS = { plans: [{ planId: 'BCBS-PPO-GOLD' } as PayerPlan] };

describe('coverage in the payer master', () => {
  test('knows a payer of the master with one of its plans, or with no plan named', () => {
    assert.equal(
      unknownCoverage({ payerId: 'BCBS-PPO', planId: 'BCBS-PPO-GOLD' }, BCBS),
      undefined,
    );
    assert.equal(unknownCoverage({ payerId: 'BCBS-PPO', planId: null }, BCBS), undefined);
  });

  test('names an unknown payer, or a plan its payer does not have', () => {
    assert.deepEqual(unknownCoverage({ payerId: 'HPHC', planId: 'HPHC-PPO' }, null), {
      message: 'payer HPHC is not in the payer master',
      details: { payerId: 'HPHC' },
    });
    assert.deepEqual(unknownCoverage({ payerId: 'BCBS-PPO', planId: 'BCBS-HMO' }, BCBS), {
      message: 'plan BCBS-HMO is not a plan of payer BCBS-PPO in the payer master',
      details: { payerId: 'BCBS-PPO', planId: 'BCBS-HMO' },
    });
  });
});
