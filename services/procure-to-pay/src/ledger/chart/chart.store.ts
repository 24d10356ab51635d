// Writing the chart (accounts, cost centers, revenue-code mapping), the one code path of the
// import API and the seed migration: a bulk upsert by key in the caller's transaction, after the
// rows were checked against what is stored. Plain SQL, no entity metadata, so the seed migration
// can run it too.
import { RowsRefusedError } from '@meridian/service-kit';
import type { RowRefusal } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';
import { normalBalanceOf } from './chart.entities.js';
import type { AccountRow, CostCenterRow, RevenueMappingRow } from './chart.requests.js';

/** A written row the stored chart does not allow; `field` is the row's field it names. */
export type ChartProblem = RowRefusal;

interface Column<T> {
  readonly name: string;
  /** The PostgreSQL type the texts of `value` are cast to. */
  readonly type: 'text' | 'int' | 'numeric' | 'date';
  readonly value: (row: T) => string | null;
}

/**
 * How the rows of one part of the reference data are written: the chart's, and the supplier
 * master's and contract prices of purchasing (`suppliers/supplier.tables.ts`).
 */
export interface ChartTable<T> {
  readonly table: string;
  /** The key columns first. */
  readonly columns: readonly [Column<T>, ...Column<T>[]];
  /** How many of the first columns make the key (1 when not given). */
  readonly keyColumns?: number;
  /** Table locks taken before `check`: writers of a table, and of what it checks, go one by one. */
  readonly locks: readonly string[];
  /** What the stored chart does not allow of `rows` (read under `locks`). */
  readonly check: (manager: EntityManager, rows: readonly T[]) => Promise<RowsRefusedError | null>;
}

const problemsOr = (
  status: 400 | 409,
  problems: readonly ChartProblem[],
): RowsRefusedError | null => (problems.length > 0 ? new RowsRefusedError(problems, status) : null);

/**
 * Accounts. The type of an account with journal lines or a revenue-code mapping cannot change
 * (409): its posted balance and the revenue posting to it would change meaning.
 */
export const ACCOUNTS: ChartTable<AccountRow> = {
  table: 'gl_account',
  columns: [
    { name: 'code', type: 'text', value: (r) => r.code },
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'account_type', type: 'text', value: (r) => r.type },
    { name: 'normal_balance', type: 'text', value: (r) => normalBalanceOf(r.type) },
  ],
  locks: [
    'LOCK TABLE gl_account IN SHARE ROW EXCLUSIVE MODE',
    'LOCK TABLE gl_revenue_code_mapping IN SHARE MODE',
    'LOCK TABLE gl_journal_line IN SHARE MODE',
  ],
  check: async (manager, rows) => {
    const used: { code: string; account_type: string }[] = await manager.query(
      `SELECT a.code, a.account_type FROM gl_account a
        WHERE a.code = ANY($1)
          AND (EXISTS (SELECT 1 FROM gl_journal_line l WHERE l.account_code = a.code)
            OR EXISTS (SELECT 1 FROM gl_revenue_code_mapping m WHERE m.account_code = a.code))`,
      [rows.map((r) => r.code)],
    );
    const typeOf = new Map(used.map((u) => [u.code, u.account_type]));
    return problemsOr(
      409,
      rows.flatMap((row, index) => {
        const stored = typeOf.get(row.code);
        if (stored === undefined || stored === row.type) return [];
        const message = `account ${row.code} is ${stored} and has journal lines or revenue-code mappings: its type cannot change`;
        return [{ index, field: 'type', message }];
      }),
    );
  },
};

export const COST_CENTERS: ChartTable<CostCenterRow> = {
  table: 'gl_cost_center',
  columns: [
    { name: 'code', type: 'text', value: (r) => r.code },
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'unit_id', type: 'text', value: (r) => r.unitId },
  ],
  locks: ['LOCK TABLE gl_cost_center IN SHARE ROW EXCLUSIVE MODE'],
  check: () => Promise.resolve(null),
};

/** Revenue-code mappings: each to a revenue account and a cost center of the chart (400). */
export const REVENUE_MAPPINGS: ChartTable<RevenueMappingRow> = {
  table: 'gl_revenue_code_mapping',
  columns: [
    { name: 'revenue_code', type: 'text', value: (r) => r.revenueCode },
    { name: 'account_code', type: 'text', value: (r) => r.glAccount },
    { name: 'cost_center_code', type: 'text', value: (r) => r.costCenter },
    { name: 'description', type: 'text', value: (r) => r.description },
  ],
  locks: ['LOCK TABLE gl_revenue_code_mapping IN SHARE ROW EXCLUSIVE MODE'],
  check: async (manager, rows) => {
    const accounts: { code: string; account_type: string }[] = await manager.query(
      'SELECT code, account_type FROM gl_account WHERE code = ANY($1)',
      [rows.map((r) => r.glAccount)],
    );
    const centers: { code: string }[] = await manager.query(
      'SELECT code FROM gl_cost_center WHERE code = ANY($1)',
      [rows.map((r) => r.costCenter)],
    );
    const typeOf = new Map(accounts.map((a) => [a.code, a.account_type]));
    const centerCodes = new Set(centers.map((c) => c.code));
    return problemsOr(
      400,
      rows.flatMap((row, index) => {
        const problems: ChartProblem[] = [];
        const type = typeOf.get(row.glAccount);
        if (type === undefined)
          problems.push({
            index,
            field: 'glAccount',
            message: `${row.glAccount} is not an account of the chart`,
          });
        else if (type !== 'REVENUE')
          problems.push({
            index,
            field: 'glAccount',
            message: `${row.glAccount} is a ${type} account, not a REVENUE account`,
          });
        if (!centerCodes.has(row.costCenter))
          problems.push({
            index,
            field: 'costCenter',
            message: `${row.costCenter} is not a cost center of the chart`,
          });
        return problems;
      }),
    );
  },
};

/**
 * Creates or replaces `rows` (by key) in the caller's transaction, all or nothing; a
 * RowsRefusedError when the stored chart does not allow one of them. `rows` must not share a key
 * (the request validation sees to it). Answers how many did not exist before.
 */
export async function writeChartRows<T>(
  manager: EntityManager,
  table: ChartTable<T>,
  rows: readonly T[],
): Promise<number> {
  if (rows.length === 0) return 0;
  for (const lock of table.locks) await manager.query(lock);
  const refused = await table.check(manager, rows);
  if (refused) throw refused;
  const keyCount = table.keyColumns ?? 1;
  const key = table.columns
    .slice(0, keyCount)
    .map((c) => c.name)
    .join(', ');
  const others = table.columns.slice(keyCount);
  const names = table.columns.map((c) => c.name).join(', ');
  const arrays = table.columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  const updates = others.map((c) => `${c.name} = EXCLUDED.${c.name}`).join(', ');
  const upserted: { inserted: boolean }[] = await manager.query(
    `INSERT INTO ${table.table} (${names}) SELECT * FROM unnest(${arrays})
     ON CONFLICT (${key}) DO UPDATE SET ${updates}
     RETURNING (xmax = 0) AS inserted`, // xmax 0: the row was inserted, not updated
    table.columns.map((c) => rows.map(c.value)),
  );
  return upserted.filter((u) => u.inserted).length;
}
