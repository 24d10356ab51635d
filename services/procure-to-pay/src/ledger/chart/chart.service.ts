import { Injectable, Logger } from '@nestjs/common';
import { importCounts, putRow, readPut, writeRows } from '@meridian/service-kit';
import type { ImportCounts, ImportSpec, RowsToWrite, Written } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { CostCenter, GlAccount, RevenueCodeMapping } from './chart.entities.js';
import { ACCOUNT_IMPORT, COST_CENTER_IMPORT, REVENUE_MAPPING_IMPORT } from './chart.requests.js';
import type { AccountRow, CostCenterRow, RevenueMappingRow } from './chart.requests.js';
import { ACCOUNTS, COST_CENTERS, REVENUE_MAPPINGS, writeChartRows } from './chart.store.js';
import type { ChartTable } from './chart.store.js';
import type { RevenueMappings } from './revenue-mapping.js';

/** Problem type of chart rows the stored chart does not allow (an unknown account, a retype). */
export const CHART_REFUSED = 'urn:meridian:problem:ledger:chart-row-refused';

/** One part of the reference data as its API reads and writes it: rows and their table. */
export interface ChartPart<T> {
  readonly spec: ImportSpec<T>;
  readonly table: ChartTable<T>;
  /** The problem of rows the stored data does not allow (the chart's when not given). */
  readonly refused?: { readonly type: string; readonly title: string };
}

export const ACCOUNT_PART: ChartPart<AccountRow> = {
  spec: ACCOUNT_IMPORT,
  table: ACCOUNTS,
};
export const COST_CENTER_PART: ChartPart<CostCenterRow> = {
  spec: COST_CENTER_IMPORT,
  table: COST_CENTERS,
};
export const REVENUE_MAPPING_PART: ChartPart<RevenueMappingRow> = {
  spec: REVENUE_MAPPING_IMPORT,
  table: REVENUE_MAPPINGS,
};

/**
 * The chart of accounts, cost centers and revenue-code mapping: imported over HTTP (the demo
 * chart by the seed migration through the same writer), read by revenue journals in their own
 * transaction, so a mapping imported a moment ago posts the next journal.
 */
@Injectable()
export class ChartService {
  private readonly logger = new Logger(ChartService.name);

  constructor(private readonly dataSource: DataSource) {}

  accounts(): Promise<GlAccount[]> {
    return this.dataSource.manager.find(GlAccount, { order: { code: 'ASC' } });
  }

  costCenters(): Promise<CostCenter[]> {
    return this.dataSource.manager.find(CostCenter, { order: { code: 'ASC' } });
  }

  revenueMappingRows(): Promise<RevenueCodeMapping[]> {
    return this.dataSource.manager.find(RevenueCodeMapping, { order: { revenueCode: 'ASC' } });
  }

  /** Every mapping row, keyed by exact code or 3-digit family, read in the caller's transaction. */
  async revenueMappings(manager: EntityManager): Promise<RevenueMappings> {
    const rows = await manager.find(RevenueCodeMapping);
    return new Map(
      rows.map((row) => [
        row.revenueCode,
        { accountCode: row.accountCode, costCenter: row.costCenter },
      ]),
    );
  }

  /**
   * The cost center of a nursing unit or department as the saga names it (the unit id where an
   * implant was used, `4W`, or a cost center code, `CC-SURG`): the code itself when it is a cost
   * center, else the cost center whose `unitId` it is, else what was given (kept as is, so the
   * PO records where the implant was used even before finance maps the unit).
   */
  async costCenterOf(manager: EntityManager, unitOrCode: string): Promise<string> {
    const centers = await manager.find(CostCenter, {
      where: [{ code: unitOrCode }, { unitId: unitOrCode }],
      order: { code: 'ASC' },
    });
    return (centers.find((c) => c.code === unitOrCode) ?? centers[0])?.code ?? unitOrCode;
  }

  /** Whether `code` is a cost center of the chart. */
  isCostCenter(manager: EntityManager, code: string): Promise<boolean> {
    return manager.existsBy(CostCenter, { code });
  }

  /**
   * `PUT /<part>/:key`: creates or replaces the row of the body with the path's key fields
   * (`{ code: '4010' }`); whether it was created.
   */
  async put<T>(
    part: ChartPart<T>,
    path: Readonly<Record<string, string>>,
    body: unknown,
  ): Promise<Written<T>> {
    const row = readPut(part.spec, path, body);
    const created = await this.write(part, putRow(row));
    return { row, created: created > 0 };
  }

  /** `POST /<part>/import`: the rows (each key once) all written or none. */
  async import<T>(part: ChartPart<T>, rows: RowsToWrite<T>): Promise<ImportCounts> {
    return importCounts(rows.rows.length, await this.write(part, rows));
  }

  /**
   * Creates or replaces the rows by key in one transaction, all or nothing; answers how many were
   * created. Rows the stored chart does not allow are a 400 or 409 naming each.
   */
  private async write<T>(
    { table, refused = { type: CHART_REFUSED, title: 'Chart row refused' } }: ChartPart<T>,
    rows: RowsToWrite<T>,
  ): Promise<number> {
    const created = await writeRows(rows, refused, (values) =>
      this.dataSource.transaction((manager) => writeChartRows(manager, table, values)),
    );
    this.logger.log({
      msg: 'chart rows written',
      table: table.table,
      rows: rows.rows.length,
      created,
    });
    return created;
  }
}
