import { Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { ChartPart } from '../ledger/chart/chart.service.js';
import { ContractPrice, Supplier } from './supplier.entities.js';
import { CONTRACT_PRICE_IMPORT, SUPPLIER_IMPORT } from './supplier.requests.js';
import type { ContractPriceRow, SupplierRow } from './supplier.requests.js';
import { CONTRACT_PRICES, SUPPLIERS } from './supplier.tables.js';

const REFUSED = {
  type: 'urn:meridian:problem:p2p:supplier-row-refused',
  title: 'Supplier row refused',
};

export const SUPPLIER_PART: ChartPart<SupplierRow> = {
  spec: SUPPLIER_IMPORT,
  table: SUPPLIERS,
  refused: REFUSED,
};

export const CONTRACT_PRICE_PART: ChartPart<ContractPriceRow> = {
  spec: CONTRACT_PRICE_IMPORT,
  table: CONTRACT_PRICES,
  refused: REFUSED,
};

/** Reads of the supplier master and contract prices (written through ChartService's import API). */
@Injectable()
export class SuppliersService {
  constructor(private readonly dataSource: DataSource) {}

  suppliers(): Promise<Supplier[]> {
    return this.dataSource.manager.find(Supplier, { order: { supplierId: 'ASC' } });
  }

  contractPrices(query: { supplierId?: string; itemId?: string }): Promise<ContractPrice[]> {
    const where: FindOptionsWhere<ContractPrice> = {
      ...(query.supplierId ? { supplierId: query.supplierId } : {}),
      ...(query.itemId ? { itemId: query.itemId } : {}),
    };
    return this.dataSource.manager.find(ContractPrice, {
      where,
      order: { supplierId: 'ASC', itemId: 'ASC', effectiveFrom: 'ASC' },
    });
  }

  supplier(manager: EntityManager, supplierId: string): Promise<Supplier | null> {
    return manager.findOneBy(Supplier, { supplierId });
  }

  /** The supplier's contract price of the item on `day` (`YYYY-MM-DD`), in the caller's transaction. */
  async priceOn(
    manager: EntityManager,
    supplierId: string,
    itemId: string,
    day: string,
  ): Promise<ContractPrice | null> {
    const latest = await manager.findOne(ContractPrice, {
      where: { supplierId, itemId, effectiveFrom: LessThanOrEqual(day) },
      order: { effectiveFrom: 'DESC' },
    });
    return latest && (latest.effectiveTo === null || latest.effectiveTo >= day) ? latest : null;
  }
}
