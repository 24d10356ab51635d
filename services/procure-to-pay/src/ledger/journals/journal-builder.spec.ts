import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CommandRejectedError } from '@meridian/saga';
import type { RevenuePosting } from '../chart/revenue-mapping.js';
import {
  assertBalanced,
  buildRevenueJournalLines,
  JOURNAL_ID,
  newJournalId,
  reversalLines,
  totalsOf,
} from './journal-builder.js';
import type { RevenueJournalInput } from './journal-builder.js';

const MAPPINGS: Record<string, RevenuePosting> = {
  '0120': { accountCode: '4010', costCenter: 'CC-4W' },
  '0301': { accountCode: '4100', costCenter: 'CC-LAB' },
  '0324': { accountCode: '4110', costCenter: 'CC-RAD' },
};
const resolve = (code: string): RevenuePosting | undefined => MAPPINGS[code];

const claim: RevenueJournalInput = {
  encounterId: 'V000123',
  claimId: 'CLM-1',
  payerId: 'BCBS-PPO',
  amountLines: [
    { revenueCode: '0120', amount: '7350.00' },
    { revenueCode: '0301', amount: '145.00' },
    { revenueCode: '0324', amount: '310.00' },
  ],
  totalAmount: '7805.00',
  currency: 'USD',
};

function rejection(code: string, details?: Record<string, string>) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof CommandRejectedError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.retriable, false);
    if (details) assert.deepEqual(error.details, details);
    return true;
  };
}

describe('revenue journal builder', () => {
  test('debits patient AR for the total and credits each revenue code to its account', () => {
    const lines = buildRevenueJournalLines(claim, resolve);
    assert.deepEqual(
      lines.map((l) => [l.lineNumber, l.accountCode, l.costCenter, l.debitCents, l.creditCents]),
      [
        [1, '1200', 'CC-FIN', 780500, 0],
        [2, '4010', 'CC-4W', 0, 735000],
        [3, '4100', 'CC-LAB', 0, 14500],
        [4, '4110', 'CC-RAD', 0, 31000],
      ],
    );
    assert.equal(lines[0]?.memo, 'Claim CLM-1 payer BCBS-PPO');
    assert.equal(lines[1]?.memo, 'Claim CLM-1 revenue code 0120');
  });

  test('debits self-pay AR when the patient pays', () => {
    const lines = buildRevenueJournalLines({ ...claim, payerId: 'SELF-PAY' }, resolve);
    assert.equal(lines[0]?.accountCode, '1210');
  });

  test('rejects amount lines that do not add up to the total as unbalanced', () => {
    assert.throws(
      () => buildRevenueJournalLines({ ...claim, totalAmount: '7900.00' }, resolve),
      rejection('JOURNAL_UNBALANCED', { debits: '7900.00', credits: '7805.00' }),
    );
  });

  test('rejects a claim with a revenue code that maps to no account, naming every such code', () => {
    const lines = [...claim.amountLines, { revenueCode: '0999', amount: '1.00' }];
    assert.throws(
      () =>
        buildRevenueJournalLines(
          { ...claim, amountLines: [...lines, { revenueCode: '0998', amount: '1.00' }] },
          resolve,
        ),
      rejection('UNMAPPED_REVENUE_CODE', { revenueCodes: '0999, 0998' }),
    );
  });

  test('leaves zero amounts out and rejects a claim with nothing to post', () => {
    const withZero = buildRevenueJournalLines(
      {
        ...claim,
        amountLines: [...claim.amountLines, { revenueCode: '0301', amount: '0.00' }],
      },
      resolve,
    );
    assert.equal(withZero.length, 4);
    assert.throws(
      () => buildRevenueJournalLines({ ...claim, amountLines: [], totalAmount: '0.00' }, resolve),
      rejection('JOURNAL_EMPTY'),
    );
  });

  test('posts a negative amount line (a credit adjustment) on the debit side', () => {
    const lines = buildRevenueJournalLines(
      {
        ...claim,
        amountLines: [
          { revenueCode: '0120', amount: '2450.00' },
          { revenueCode: '0301', amount: '-45.00' },
        ],
        totalAmount: '2405.00',
      },
      resolve,
    );
    assert.deepEqual(
      lines.map((l) => [l.accountCode, l.debitCents, l.creditCents]),
      [
        ['1200', 240500, 0],
        ['4010', 0, 245000],
        ['4100', 4500, 0],
      ],
    );
  });

  test('rejects a command without claim id or with a malformed currency', () => {
    assert.throws(
      () => buildRevenueJournalLines({ ...claim, claimId: ' ' }, resolve),
      rejection('INVALID_COMMAND', { field: 'claimId' }),
    );
    assert.throws(
      () => buildRevenueJournalLines({ ...claim, currency: 'usd' }, resolve),
      rejection('INVALID_COMMAND', { field: 'currency' }),
    );
  });
});

describe('balance check', () => {
  const line = (debitCents: number, creditCents: number) => ({
    lineNumber: 1,
    accountCode: '1200',
    costCenter: 'CC-FIN',
    debitCents,
    creditCents,
    memo: null,
  });

  test('returns the totals of balanced lines', () => {
    assert.deepEqual(assertBalanced([line(500, 0), line(0, 300), line(0, 200)]), {
      debitCents: 500,
      creditCents: 500,
    });
  });

  test('rejects lines whose debits differ from their credits by one cent', () => {
    assert.throws(
      () => assertBalanced([line(500, 0), line(0, 499)]),
      rejection('JOURNAL_UNBALANCED', { debits: '5.00', credits: '4.99' }),
    );
  });
});

describe('reversal', () => {
  test('mirrors every line: same accounts and cost centers, debits and credits swapped', () => {
    const original = buildRevenueJournalLines(claim, resolve);
    const mirror = reversalLines('JE-20261122-0a1b2c3d', original);
    assert.deepEqual(
      mirror.map((l) => [l.lineNumber, l.accountCode, l.costCenter, l.debitCents, l.creditCents]),
      original.map((l) => [l.lineNumber, l.accountCode, l.costCenter, l.creditCents, l.debitCents]),
    );
    assert.equal(mirror[0]?.memo, 'Reversal of JE-20261122-0a1b2c3d: Claim CLM-1 payer BCBS-PPO');
  });

  test('nets every account of the original to zero', () => {
    const original = buildRevenueJournalLines(claim, resolve);
    const both = [...original, ...reversalLines('JE-20261122-0a1b2c3d', original)];
    const byAccount = new Map<string, number>();
    for (const l of both)
      byAccount.set(
        l.accountCode,
        (byAccount.get(l.accountCode) ?? 0) + l.debitCents - l.creditCents,
      );
    assert.deepEqual([...new Set(byAccount.values())], [0]);
    const totals = totalsOf(both);
    assert.equal(totals.debitCents, totals.creditCents);
  });
});

describe('journal ids', () => {
  test('carry the posting date and eight hex digits', () => {
    assert.equal(newJournalId('2026-11-22', '0a1b2c3d'), 'JE-20261122-0a1b2c3d');
    assert.match(newJournalId('2026-11-22'), JOURNAL_ID);
    assert.notEqual(newJournalId('2026-11-22'), newJournalId('2026-11-22'));
  });
});
