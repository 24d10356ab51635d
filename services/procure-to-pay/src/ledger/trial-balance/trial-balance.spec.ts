import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trialBalance } from './trial-balance.js';
import type { AccountActivity } from './trial-balance.js';

const activity: AccountActivity[] = [
  {
    accountCode: '1200',
    name: 'Patient Accounts Receivable',
    type: 'ASSET',
    normalBalance: 'DEBIT',
    debitCents: 780500,
    creditCents: 31000,
  },
  {
    accountCode: '4010',
    name: 'Routine Room & Board Revenue',
    type: 'REVENUE',
    normalBalance: 'CREDIT',
    debitCents: 0,
    creditCents: 735000,
  },
  {
    accountCode: '4110',
    name: 'Radiology Revenue',
    type: 'REVENUE',
    normalBalance: 'CREDIT',
    debitCents: 31000,
    creditCents: 45500,
  },
];

describe('trial balance', () => {
  test('shows each balance on the side that is normal for the account', () => {
    const { rows } = trialBalance(activity);
    assert.deepEqual(
      rows.map((r) => [r.accountCode, r.balanceCents]),
      [
        ['1200', 749500],
        ['4010', 735000],
        ['4110', 14500],
      ],
    );
  });

  test('totals debits and credits over all accounts', () => {
    const balance = trialBalance(activity);
    assert.equal(balance.totalDebitCents, 811500);
    assert.equal(balance.totalCreditCents, 811500);
  });

  test('is empty with zero totals for a ledger without postings', () => {
    assert.deepEqual(trialBalance([]), { rows: [], totalDebitCents: 0, totalCreditCents: 0 });
  });
});
