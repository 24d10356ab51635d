import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normalBalanceOf } from '../chart/chart.entities.js';
import {
  SEED_ACCOUNTS,
  SEED_COST_CENTERS,
  SEED_REVENUE_CODE_MAPPINGS,
} from './chart-of-accounts.seed.js';

/** Seeds the hospital's chart of accounts, cost centers and revenue-code mapping. */
export class ChartOfAccounts1795500100000 implements MigrationInterface {
  readonly name = 'ChartOfAccounts1795500100000';

  async up(q: QueryRunner): Promise<void> {
    for (const [code, name, type] of SEED_ACCOUNTS) {
      await q.query(
        'INSERT INTO gl_account (code, name, account_type, normal_balance) VALUES ($1, $2, $3, $4)',
        [code, name, type, normalBalanceOf(type)],
      );
    }
    for (const [code, name, unitId] of SEED_COST_CENTERS) {
      await q.query('INSERT INTO gl_cost_center (code, name, unit_id) VALUES ($1, $2, $3)', [
        code,
        name,
        unitId,
      ]);
    }
    for (const [revenueCode, accountCode, costCenter, description] of SEED_REVENUE_CODE_MAPPINGS) {
      await q.query(
        `INSERT INTO gl_revenue_code_mapping (revenue_code, account_code, cost_center_code, description)
         VALUES ($1, $2, $3, $4)`,
        [revenueCode, accountCode, costCenter, description],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM gl_revenue_code_mapping');
    await q.query('DELETE FROM gl_cost_center');
    await q.query('DELETE FROM gl_account');
  }
}
