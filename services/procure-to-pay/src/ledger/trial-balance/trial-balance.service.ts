import { Injectable } from '@nestjs/common';
import { formatCents, toCents } from '@meridian/contracts';
import { DataSource } from 'typeorm';
import type { AccountType, NormalBalance } from '../chart/chart.entities.js';
import type { TrialBalanceDto } from './dto/trial-balance.dto.js';
import { trialBalance } from './trial-balance.js';

interface ActivityRow {
  readonly accountCode: string;
  readonly name: string;
  readonly type: AccountType;
  readonly normalBalance: NormalBalance;
  readonly debit: string;
  readonly credit: string;
}

const ACTIVITY = `
  SELECT a.code AS "accountCode", a.name, a.account_type AS "type",
         a.normal_balance AS "normalBalance",
         SUM(l.debit)::text AS debit, SUM(l.credit)::text AS credit
    FROM gl_journal_line l
    JOIN gl_journal j ON j.journal_id = l.journal_id
    JOIN gl_account a ON a.code = l.account_code
   WHERE j.posting_date <= $1 AND j.currency = $2
   GROUP BY a.code, a.name, a.account_type, a.normal_balance
   ORDER BY a.code`;

/** Every account's debits, credits and balance from the journals posted up to a date. */
@Injectable()
export class TrialBalanceService {
  constructor(private readonly dataSource: DataSource) {}

  async asOf(asOf: string, currency: string): Promise<TrialBalanceDto> {
    const rows = await this.dataSource.query<ActivityRow[]>(ACTIVITY, [asOf, currency]);
    const balance = trialBalance(
      rows.map((row) => ({
        ...row,
        debitCents: toCents(row.debit),
        creditCents: toCents(row.credit),
      })),
    );
    return {
      asOf,
      currency,
      accounts: balance.rows.map((row) => ({
        accountCode: row.accountCode,
        name: row.name,
        type: row.type,
        normalBalance: row.normalBalance,
        debit: formatCents(row.debitCents),
        credit: formatCents(row.creditCents),
        balance: formatCents(row.balanceCents),
      })),
      totalDebit: formatCents(balance.totalDebitCents),
      totalCredit: formatCents(balance.totalCreditCents),
    };
  }
}
