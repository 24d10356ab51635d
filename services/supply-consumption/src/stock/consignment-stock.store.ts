// Consignment stock, the one code path of its import API and of the implant-to-invoice commands
// that move it. Plain SQL in the caller's transaction.
import { RowsRefusedError } from '@meridian/service-kit';
import type { RowRefusal } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';

/** Which stock: the supplier that owns it, where it is kept, and the item. */
export interface StockKey {
  readonly supplierId: string;
  readonly locationId: string;
  readonly itemId: string;
}

/** A counted stock row, as the import API writes it. */
export interface StockCount extends StockKey {
  readonly quantityOnHand: number;
  /** The quantity the supplier keeps the location stocked to; null when not agreed. */
  readonly parLevel: number | null;
}

/** A stock row as read. */
export interface StockRow extends StockCount {
  /** When the stock was last counted (PUT or import); null when only moved since it appeared. */
  readonly countedAt: Date | null;
  readonly updatedAt: Date;
}

/** What stock is read by: every given filter must match. */
export type StockFilter = Partial<StockKey>;

interface StoredStock {
  readonly supplier_id: string;
  readonly location_id: string;
  readonly item_id: string;
  readonly quantity_on_hand: number;
  readonly par_level: number | null;
  readonly counted_at: Date | null;
  readonly updated_at: Date;
}

const fromStored = (row: StoredStock): StockRow => ({
  supplierId: row.supplier_id,
  locationId: row.location_id,
  itemId: row.item_id,
  quantityOnHand: row.quantity_on_hand,
  parLevel: row.par_level,
  countedAt: row.counted_at,
  updatedAt: row.updated_at,
});

/** The stock rows matching every given filter, by supplier, location and item. */
export async function readStock(manager: EntityManager, filter: StockFilter): Promise<StockRow[]> {
  const stored: StoredStock[] = await manager.query(
    `SELECT supplier_id, location_id, item_id, quantity_on_hand, par_level, counted_at, updated_at
       FROM consignment_stock
      WHERE ($1::text IS NULL OR supplier_id = $1)
        AND ($2::text IS NULL OR location_id = $2)
        AND ($3::text IS NULL OR item_id = $3)
      ORDER BY supplier_id, location_id, item_id`,
    [filter.supplierId ?? null, filter.locationId ?? null, filter.itemId ?? null],
  );
  return stored.map(fromStored);
}

/** A counted row whose item is not a consignment item of that supplier in the item master. */
export type StockRefusal = RowRefusal<'itemId' | 'supplierId'>;

/** Why each row's item cannot hold the row's consignment stock. */
async function refusalsOf(
  manager: EntityManager,
  rows: readonly StockCount[],
): Promise<StockRefusal[]> {
  const items: { item_id: string; supplier_id: string | null; consignment: boolean }[] =
    await manager.query(
      'SELECT item_id, supplier_id, consignment FROM supply_item WHERE item_id = ANY($1)',
      [rows.map((r) => r.itemId)],
    );
  const byId = new Map(items.map((i) => [i.item_id, i]));
  return rows.flatMap((row, index): StockRefusal[] => {
    const item = byId.get(row.itemId);
    if (!item) {
      return [{ index, field: 'itemId', message: `item ${row.itemId} is not in the item master` }];
    }
    if (!item.consignment) {
      return [{ index, field: 'itemId', message: `item ${row.itemId} is not consignment stock` }];
    }
    if (item.supplier_id !== row.supplierId) {
      const owner = item.supplier_id ?? 'no supplier';
      const message = `item ${row.itemId} is consigned by ${owner} in the item master, not ${row.supplierId}`;
      return [{ index, field: 'supplierId', message }];
    }
    return [];
  });
}

/**
 * Sets the counted quantity (and par level) of each row in the caller's transaction, creating the
 * rows that did not exist; a RowsRefusedError (400) when an item is unknown, not consignment stock,
 * or consigned by another supplier. Answers how many rows were created.
 */
export async function writeStockCounts(
  manager: EntityManager,
  rows: readonly StockCount[],
): Promise<{ readonly created: number }> {
  if (rows.length === 0) return { created: 0 };
  const refusals = await refusalsOf(manager, rows);
  if (refusals.length > 0) throw new RowsRefusedError(refusals, 400);
  const column = <K extends keyof StockCount>(key: K): StockCount[K][] => rows.map((r) => r[key]);
  const written: { inserted: boolean }[] = await manager.query(
    `INSERT INTO consignment_stock (supplier_id, location_id, item_id, quantity_on_hand, par_level,
                                    counted_at, updated_at)
     SELECT u.supplier_id, u.location_id, u.item_id, u.quantity_on_hand, u.par_level, now(), now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[])
         AS u (supplier_id, location_id, item_id, quantity_on_hand, par_level)
     ON CONFLICT (supplier_id, location_id, item_id) DO UPDATE SET
       quantity_on_hand = EXCLUDED.quantity_on_hand,
       par_level = EXCLUDED.par_level,
       counted_at = EXCLUDED.counted_at,
       updated_at = EXCLUDED.updated_at
     RETURNING (xmax = 0) AS inserted`, // xmax 0: the row was inserted, not updated
    [
      column('supplierId'),
      column('locationId'),
      column('itemId'),
      column('quantityOnHand'),
      column('parLevel'),
    ],
  );
  return { created: written.filter((w) => w.inserted).length };
}

/**
 * Moves the stock of `key` by `delta` (negative: taken) in the caller's transaction and answers
 * the quantity on hand after. A location that had no row gets one: a device used from stock that
 * was never counted there shows as a negative count, a discrepancy to count again.
 */
export async function moveStock(
  manager: EntityManager,
  key: StockKey,
  delta: number,
): Promise<number> {
  const [row]: { quantity_on_hand: number }[] = await manager.query(
    `INSERT INTO consignment_stock (supplier_id, location_id, item_id, quantity_on_hand)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (supplier_id, location_id, item_id) DO UPDATE SET
       quantity_on_hand = consignment_stock.quantity_on_hand + EXCLUDED.quantity_on_hand,
       updated_at = now()
     RETURNING quantity_on_hand`,
    [key.supplierId, key.locationId, key.itemId, delta],
  );
  if (!row) throw new Error('the stock upsert answered no row');
  return row.quantity_on_hand;
}
