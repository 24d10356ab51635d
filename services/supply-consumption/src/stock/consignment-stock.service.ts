import { Injectable, Logger } from '@nestjs/common';
import { rowsRefused, RowsRefusedError } from '@meridian/service-kit';
import type { FieldError, ImportRow } from '@meridian/service-kit';
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
   * item is unknown, not consignment stock or another supplier's (`errorOf` its row).
   */
  async write(
    rows: readonly ImportRow<StockCount>[],
    errorOf: (row: number, field: string, message: string) => FieldError,
  ): Promise<{ readonly created: number }> {
    const counts = rows.map((r) => r.value);
    try {
      const written = await this.dataSource.transaction((m) => writeStockCounts(m, counts));
      this.logger.log({ msg: 'consignment stock counted', rows: counts.length, ...written });
      return written;
    } catch (error) {
      if (!(error instanceof RowsRefusedError)) throw error;
      const errors = error.refusals.map((r) =>
        errorOf(rows[r.index]?.row ?? r.index + 1, r.field, r.message),
      );
      throw rowsRefused(
        error.status,
        { type: STOCK_ITEM_REFUSED, title: 'Item cannot hold this consignment stock' },
        errors,
        error,
      );
    }
  }
}
