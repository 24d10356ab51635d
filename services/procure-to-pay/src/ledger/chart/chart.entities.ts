import { Column, Entity, PrimaryColumn } from 'typeorm';

export const ACCOUNT_TYPES = ['ASSET', 'LIABILITY', 'REVENUE', 'EXPENSE'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const NORMAL_BALANCES = ['DEBIT', 'CREDIT'] as const;
export type NormalBalance = (typeof NORMAL_BALANCES)[number];

/** Assets and expenses grow on the debit side; liabilities and revenue on the credit side. */
export function normalBalanceOf(type: AccountType): NormalBalance {
  return type === 'ASSET' || type === 'EXPENSE' ? 'DEBIT' : 'CREDIT';
}

/** A natural account of the general ledger (chart of accounts). */
@Entity({ name: 'gl_account' })
export class GlAccount {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'account_type', type: 'text' })
  type!: AccountType;

  /** The side that increases the account: DEBIT for assets and expenses, CREDIT otherwise. */
  @Column({ name: 'normal_balance', type: 'text' })
  normalBalance!: NormalBalance;
}

/** A department revenue and cost are posted to. */
@Entity({ name: 'gl_cost_center' })
export class CostCenter {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Nursing unit of the bed board (4W, 5E, ICU, PEDS); null for other departments. */
  @Column({ name: 'unit_id', type: 'text', nullable: true })
  unitId!: string | null;
}

/**
 * Where the revenue of a UB-04 revenue code posts. `revenueCode` is either an exact code (0120)
 * or a 3-digit family (012 for 0120-0129); the exact code wins.
 */
@Entity({ name: 'gl_revenue_code_mapping' })
export class RevenueCodeMapping {
  @PrimaryColumn({ name: 'revenue_code', type: 'text' })
  revenueCode!: string;

  @Column({ name: 'account_code', type: 'text' })
  accountCode!: string;

  @Column({ name: 'cost_center_code', type: 'text' })
  costCenter!: string;

  @Column({ type: 'text' })
  description!: string;
}
