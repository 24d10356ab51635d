import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invalidFields } from '@meridian/service-kit/testing';
import { parsePayerPut, readPayerImport } from './payers.request.js';
import { PAYER_SEED } from './payers.seed.js';

const CSV_HEADER = 'payerId,payerName,payerType,planId,planName';

describe('payer master requests', () => {
  test('reads a PUT: the payer id of the path, the type optional, every plan', () => {
    assert.deepEqual(
      parsePayerPut('HPHC', {
        name: 'HARVARD PILGRIM',
        plans: [{ planId: 'HPHC-HMO', name: 'HARVARD PILGRIM HMO' }],
      }),
      {
        payerId: 'HPHC',
        name: 'HARVARD PILGRIM',
        payerType: null,
        plans: [{ planId: 'HPHC-HMO', name: 'HARVARD PILGRIM HMO' }],
      },
    );
  });

  test('names every bad field of a PUT, a repeated plan id and the reserved SELF-PAY', () => {
    assert.deepEqual(
      invalidFields(() =>
        parsePayerPut('HPHC', {
          payerId: 'OTHER',
          payerType: 'PRIVATE',
          plans: [
            { planId: 'A', name: 'PLAN A' },
            { planId: 'A', name: 'PLAN A AGAIN' },
          ],
        }),
      ),
      ['payerId', 'name', 'payerType', 'plans[1].planId'],
    );
    assert.deepEqual(
      invalidFields(() => parsePayerPut('SELF-PAY', { name: 'SELF', plans: [] })),
      ['payerId'],
    );
    assert.deepEqual(
      invalidFields(() => parsePayerPut('HP HC', { name: 'X', plans: [] })),
      ['payerId'],
    );
  });

  test('groups the rows of a CSV import, one per plan, into payers in the order of their first row', () => {
    const csv = [
      CSV_HEADER,
      'HPHC,HARVARD PILGRIM,COMMERCIAL,HPHC-HMO,HARVARD PILGRIM HMO',
      'TUFTS,TUFTS HEALTH PLAN,,,',
      'HPHC,HARVARD PILGRIM,COMMERCIAL,HPHC-PPO,"HARVARD PILGRIM PPO, OPEN ACCESS"',
    ].join('\n');
    assert.deepEqual(readPayerImport(csv, 'text/csv'), [
      {
        payerId: 'HPHC',
        name: 'HARVARD PILGRIM',
        payerType: 'COMMERCIAL',
        plans: [
          { planId: 'HPHC-HMO', name: 'HARVARD PILGRIM HMO' },
          { planId: 'HPHC-PPO', name: 'HARVARD PILGRIM PPO, OPEN ACCESS' },
        ],
      },
      { payerId: 'TUFTS', name: 'TUFTS HEALTH PLAN', payerType: null, plans: [] },
    ]);
  });

  test('reads the same rows as JSON, and the seed as rows', () => {
    const rows = PAYER_SEED.flatMap((p) =>
      p.plans.map((plan) => ({
        payerId: p.payerId,
        payerName: p.name,
        payerType: p.payerType,
        planId: plan.planId,
        planName: plan.name,
      })),
    );
    assert.deepEqual(readPayerImport({ payers: rows }, 'application/json'), PAYER_SEED);
  });

  test('names the row of a bad cell, a repeated plan and a payer whose rows disagree', () => {
    const csv = [
      CSV_HEADER,
      'HPHC,HARVARD PILGRIM,COMMERCIAL,HPHC-HMO,HARVARD PILGRIM HMO',
      'HPHC,HARVARD PILGRIM HC,COMMERCIAL,HPHC-HMO,HARVARD PILGRIM HMO',
      'TUFTS,TUFTS HEALTH PLAN,PRIVATE,TUFTS-1,',
    ].join('\n');
    assert.deepEqual(
      invalidFields(() => readPayerImport(csv, 'text/csv')),
      ['row 3: payerType', 'row 3: planName'],
    );
    assert.deepEqual(
      invalidFields(() => readPayerImport(csv.split('\n').slice(0, 3).join('\n'), 'text/csv')),
      ['row 2: payerName', 'row 2: planId'],
    );
  });
});
