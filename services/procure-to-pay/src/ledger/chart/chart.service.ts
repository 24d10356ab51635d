import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { CostCenter, GlAccount, RevenueCodeMapping } from './chart.entities.js';
import type { RevenueMappings } from './revenue-mapping.js';

/** The chart of accounts, cost centers and revenue-code mapping (seeded by migration). */
@Injectable()
export class ChartService {
  constructor(private readonly dataSource: DataSource) {}

  accounts(): Promise<GlAccount[]> {
    return this.dataSource.manager.find(GlAccount, { order: { code: 'ASC' } });
  }

  costCenters(): Promise<CostCenter[]> {
    return this.dataSource.manager.find(CostCenter, { order: { code: 'ASC' } });
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
}
