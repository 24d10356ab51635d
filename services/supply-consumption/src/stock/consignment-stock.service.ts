import { Injectable, Logger } from '@nestjs/common';
import { writeRows } from '@meridian/service-kit';
import type { RowsToWrite } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { StockDto } from './dto/consignment-stock.dto.js';
import { readStock, writeStockCounts } from './consignment-stock.store.js';
import type { StockCount, StockFilter, StockRow } from './consignment-stock.store.js';

/** Problem type of a stock row whose item cannot hold the supplier's consignment stock. */
export const STOCK_ITEM_REFUSED = 'urn:meridian:problem:supply:consignment-stock-item';

export function toStockDto(row: StockRow): StockDto {
  return {
    supplierId: row.supplierId,
    locationId: row.locationId,
    itemId: row.itemId,
    quantityOnHand: row.quantityOnHand,
    parLevel: row.parLevel,
    countDiscrepancy: row.quantityOnHand < 0,
    belowPar: row.parLevel !== null && row.quantityOnHand < row.parLevel,
    countedAt: row.countedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Supplier-owned consignment stock: counted through the import API, listed for restocking. */
@Injectable()
export class ConsignmentStockService {
  private readonly logger = new Logger(ConsignmentStockService.name);

  constructor(private readonly dataSource: DataSource) {}

  async list(filter: StockFilter): Promise<StockRow[]> {
    return readStock(this.dataSource.manager, filter);
  }

  /**
   * Sets the counts in one transaction, all or nothing; a 400 naming the field of each row whose
   * item is unknown, not consignment stock or another supplier's.
   */
  async write(rows: RowsToWrite<StockCount>): Promise<{ readonly created: number }> {
    const written = await writeRows(
      rows,
      { type: STOCK_ITEM_REFUSED, title: 'Item cannot hold this consignment stock' },
      (counts) => this.dataSource.transaction((m) => writeStockCounts(m, counts)),
    );
    this.logger.log({ msg: 'consignment stock counted', rows: rows.rows.length, ...written });
    return written;
  }
}
