import type { AccountType, NormalBalance } from '../chart/chart.entities.js';

/** The debits and credits posted to one account up to a date. */
export interface AccountActivity {
  readonly accountCode: string;
  readonly name: string;
  readonly type: AccountType;
  readonly normalBalance: NormalBalance;
  readonly debitCents: number;
  readonly creditCents: number;
}

export interface TrialBalanceRow extends AccountActivity {
  /** Net on the account's normal side: positive is a normal balance, negative a contra one. */
  readonly balanceCents: number;
}

export interface TrialBalance {
  readonly rows: readonly TrialBalanceRow[];
  readonly totalDebitCents: number;
  readonly totalCreditCents: number;
}

export function trialBalance(activity: readonly AccountActivity[]): TrialBalance {
  const rows = activity.map((account) => ({
    ...account,
    balanceCents:
      account.normalBalance === 'DEBIT'
        ? account.debitCents - account.creditCents
        : account.creditCents - account.debitCents,
  }));
  return {
    rows,
    totalDebitCents: rows.reduce((sum, row) => sum + row.debitCents, 0),
    totalCreditCents: rows.reduce((sum, row) => sum + row.creditCents, 0),
  };
}
