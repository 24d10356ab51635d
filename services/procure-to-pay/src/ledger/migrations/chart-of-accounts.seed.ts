// The demo chart the platform's demo and tests share: accounts, cost centers and revenue-code
// mapping. Written by the same code as the import API (`writeChartRows`); a hospital loads its own
// chart, and changes it, through the API (`PUT /accounts/:code`, `POST /accounts/import`, the same
// for `/cost-centers` and `/revenue-mapping`), not migrations. It supersedes
// ChartOfAccounts1795500100000 (plain inserts of the same rows): a database that ran that one gets
// the same rows again (an upsert), a fresh one gets them here. Should the writer one day write a
// column that a later migration adds, this migration must keep a copy of today's insert instead
// (it runs before that column exists on a fresh database).
import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { AccountType } from '../chart/chart.entities.js';
import { ACCOUNTS, COST_CENTERS, REVENUE_MAPPINGS, writeChartRows } from '../chart/chart.store.js';

export const SEED_ACCOUNTS: readonly (readonly [code: string, name: string, type: AccountType])[] =
  [
    ['1000', 'Cash - Operating', 'ASSET'],
    ['1200', 'Patient Accounts Receivable', 'ASSET'],
    ['1210', 'Accounts Receivable - Self-pay', 'ASSET'],
    ['1300', 'Medical Supply Inventory', 'ASSET'],
    ['2000', 'Accounts Payable', 'LIABILITY'],
    ['2010', 'Goods Received Not Invoiced', 'LIABILITY'],
    ['4010', 'Routine Room & Board Revenue', 'REVENUE'],
    ['4020', 'Intensive Care Revenue', 'REVENUE'],
    ['4100', 'Laboratory Revenue', 'REVENUE'],
    ['4110', 'Radiology Revenue', 'REVENUE'],
    ['4120', 'Cardiology Revenue', 'REVENUE'],
    ['4130', 'Therapy Revenue', 'REVENUE'],
    ['4140', 'Emergency Revenue', 'REVENUE'],
    ['4150', 'Surgical/Procedure Revenue', 'REVENUE'],
    ['4200', 'Medical Supply Revenue', 'REVENUE'],
    ['4210', 'Pharmacy Revenue', 'REVENUE'],
    ['4220', 'Implant Revenue', 'REVENUE'],
    ['5100', 'Medical Supply Expense', 'EXPENSE'],
    ['5110', 'Implant Expense', 'EXPENSE'],
  ];

export const SEED_COST_CENTERS: readonly (readonly [
  code: string,
  name: string,
  unitId: string | null,
])[] = [
  ['CC-4W', 'Medical-Surgical 4 West', '4W'],
  ['CC-5E', 'Telemetry 5 East', '5E'],
  ['CC-ICU', 'Medical ICU', 'ICU'],
  ['CC-PEDS', 'Pediatrics', 'PEDS'],
  ['CC-LAB', 'Laboratory', null],
  ['CC-RAD', 'Radiology and Imaging', null],
  ['CC-CARD', 'Cardiology Diagnostics', null],
  ['CC-REHAB', 'Rehabilitation Therapy', null],
  ['CC-ED', 'Emergency Department', null],
  ['CC-SURG', 'Surgical Services', null],
  ['CC-SPD', 'Sterile Processing and Supply Distribution', null],
  ['CC-PHARM', 'Pharmacy', null],
  ['CC-FIN', 'Patient Financial Services', null],
];

/** [exact code or 3-digit family, revenue account, cost center, what it is]. */
export const SEED_REVENUE_CODE_MAPPINGS: readonly (readonly [
  revenueCode: string,
  accountCode: string,
  costCenter: string,
  description: string,
])[] = [
  // Unit-specific room & board codes (the chargemaster's rates per unit).
  ['0113', '4010', 'CC-PEDS', 'Private room, pediatric (PEDS)'],
  ['0120', '4010', 'CC-4W', 'Semi-private room, med/surg (4 West)'],
  ['0200', '4020', 'CC-ICU', 'Intensive care (Medical ICU)'],
  ['0214', '4020', 'CC-5E', 'Coronary care, intermediate (Telemetry 5 East)'],
  ['0278', '4220', 'CC-SURG', 'Other implants'],
  // Families: the department when no unit-specific code applies.
  ['011', '4010', 'CC-4W', 'Room & board, private'],
  ['012', '4010', 'CC-4W', 'Room & board, semi-private two beds'],
  ['013', '4010', 'CC-4W', 'Room & board, semi-private three and four beds'],
  ['020', '4020', 'CC-ICU', 'Intensive care'],
  ['021', '4020', 'CC-5E', 'Coronary care'],
  ['025', '4210', 'CC-PHARM', 'Pharmacy'],
  ['027', '4200', 'CC-SPD', 'Medical/surgical supplies and devices'],
  ['030', '4100', 'CC-LAB', 'Laboratory'],
  ['031', '4100', 'CC-LAB', 'Laboratory pathology'],
  ['032', '4110', 'CC-RAD', 'Radiology, diagnostic'],
  ['035', '4110', 'CC-RAD', 'CT scan'],
  ['036', '4150', 'CC-SURG', 'Operating room services'],
  ['040', '4110', 'CC-RAD', 'Other imaging services'],
  ['042', '4130', 'CC-REHAB', 'Physical therapy'],
  ['043', '4130', 'CC-REHAB', 'Occupational therapy'],
  ['044', '4130', 'CC-REHAB', 'Speech-language pathology'],
  ['045', '4140', 'CC-ED', 'Emergency room'],
  ['048', '4120', 'CC-CARD', 'Cardiology'],
  ['073', '4120', 'CC-CARD', 'EKG/ECG'],
];

export class ChartOfAccountsSeed1795600100000 implements MigrationInterface {
  readonly name = 'ChartOfAccountsSeed1795600100000';

  async up(q: QueryRunner): Promise<void> {
    await writeChartRows(
      q.manager,
      ACCOUNTS,
      SEED_ACCOUNTS.map(([code, name, type]) => ({ code, name, type })),
    );
    await writeChartRows(
      q.manager,
      COST_CENTERS,
      SEED_COST_CENTERS.map(([code, name, unitId]) => ({ code, name, unitId })),
    );
    await writeChartRows(
      q.manager,
      REVENUE_MAPPINGS,
      SEED_REVENUE_CODE_MAPPINGS.map(([revenueCode, glAccount, costCenter, description]) => ({
        revenueCode,
        glAccount,
        costCenter,
        description,
      })),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM gl_revenue_code_mapping WHERE revenue_code = ANY($1)', [
      SEED_REVENUE_CODE_MAPPINGS.map(([code]) => code),
    ]);
    await q.query('DELETE FROM gl_cost_center WHERE code = ANY($1)', [
      SEED_COST_CENTERS.map(([code]) => code),
    ]);
    await q.query('DELETE FROM gl_account WHERE code = ANY($1)', [
      SEED_ACCOUNTS.map(([code]) => code),
    ]);
  }
}
