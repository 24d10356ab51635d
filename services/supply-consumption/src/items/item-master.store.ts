// Writing and reading the item master, the one code path of the import API, the seed migration
// and the scan lookup. Writing is a bulk upsert by item id in the caller's transaction that keeps
// each GTIN on one item. Plain SQL, no entity metadata, so the seed migration can run it too.
import { RowsRefusedError } from '@meridian/service-kit';
import type { RowRefusal } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';

/** An item of the item master as written and read: every column, its GTINs in order. */
export interface ItemRow {
  readonly itemId: string;
  readonly description: string;
  /** X12 355 / GS1 unit of measure the item is issued and charged in (EA, BX, PK). */
  readonly unitOfMeasure: string;
  /** GS1 GTIN-14s of its packages, first the one an item-id usage records; none for floor stock. */
  readonly gtins: readonly string[];
  readonly hcpcsCode: string | null;
  /** CDM code of a chargeable item; null for floor stock (never on a claim). */
  readonly chargeCode: string | null;
  /** Hospital cost per unit of measure, decimal string with 2 decimals. */
  readonly unitCost: string;
  /** Inactive items stay for the usages that name them; new usages are refused. */
  readonly active: boolean;
  /** Captured by the implant scan (implant-to-invoice), never as a supply usage. */
  readonly implant: boolean;
  readonly manufacturer: string | null;
  readonly model: string | null;
  /** The supplier a bill-only purchase order of a consigned implant goes to. */
  readonly supplierId: string | null;
  /** Consignment stock: owned by the supplier until used (bill-only, then replenished). */
  readonly consignment: boolean;
}

/** A written row with a GTIN an item outside the write already has. */
export type GtinConflict = RowRefusal<'gtins'>;

export interface WrittenItems {
  /** How many of the rows did not exist before. */
  readonly created: number;
}

interface StoredItem {
  readonly item_id: string;
  readonly description: string;
  readonly unit_of_measure: string;
  readonly gtins: string[];
  readonly hcpcs_code: string | null;
  readonly charge_code: string | null;
  readonly unit_cost: string;
  readonly active: boolean;
  readonly implant: boolean;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly supplier_id: string | null;
  readonly consignment: boolean;
}

const fromStored = (row: StoredItem): ItemRow => ({
  itemId: row.item_id,
  description: row.description,
  unitOfMeasure: row.unit_of_measure,
  gtins: row.gtins,
  hcpcsCode: row.hcpcs_code,
  chargeCode: row.charge_code,
  unitCost: row.unit_cost,
  active: row.active,
  implant: row.implant,
  manufacturer: row.manufacturer,
  model: row.model,
  supplierId: row.supplier_id,
  consignment: row.consignment,
});

/** What items are read by: all of them, some item ids, or the item of a GTIN. */
export type ItemFilter = { readonly itemIds?: readonly string[]; readonly gtin?: string };

/** The items matching every given filter, by item id, each with its GTINs in order. */
export async function readItems(manager: EntityManager, filter: ItemFilter): Promise<ItemRow[]> {
  const stored: StoredItem[] = await manager.query(
    `SELECT i.item_id, i.description, i.unit_of_measure, i.hcpcs_code, i.charge_code, i.unit_cost,
            i.active, i.implant, i.manufacturer, i.model, i.supplier_id, i.consignment,
            ARRAY(SELECT g.gtin FROM supply_item_gtin g WHERE g.item_id = i.item_id
                  ORDER BY g.position) AS gtins
       FROM supply_item i
      WHERE ($1::text[] IS NULL OR i.item_id = ANY($1))
        AND ($2::text IS NULL OR i.item_id = (SELECT item_id FROM supply_item_gtin WHERE gtin = $2))
      ORDER BY i.item_id`,
    [filter.itemIds ?? null, filter.gtin ?? null],
  );
  return stored.map(fromStored);
}

/** The GTINs of `rows` that items outside them hold, one conflict per GTIN. */
async function conflictsOf(
  manager: EntityManager,
  rows: readonly ItemRow[],
): Promise<GtinConflict[]> {
  const held: { gtin: string; item_id: string }[] = await manager.query(
    'SELECT gtin, item_id FROM supply_item_gtin WHERE gtin = ANY($1) AND NOT (item_id = ANY($2))',
    [rows.flatMap((r) => r.gtins), rows.map((r) => r.itemId)],
  );
  const holder = new Map(held.map((h) => [h.gtin, h.item_id]));
  return rows.flatMap((row, index) =>
    row.gtins.flatMap((gtin) => {
      const itemId = holder.get(gtin);
      if (itemId === undefined) return [];
      const message = `GTIN ${gtin} is already a GTIN of item ${itemId}; take it off that item first or in the same import`;
      return [{ index, field: 'gtins' as const, message }];
    }),
  );
}

/**
 * Creates or replaces `rows` (by item id, GTINs included) in the caller's transaction; a
 * RowsRefusedError (409) when an item outside `rows` holds one of their GTINs. `rows` must not share
 * an item id or a GTIN (the request validation sees to it). Writers are serialized by a table
 * lock that readers (the scan lookup) never wait for.
 */
export async function writeItems(
  manager: EntityManager,
  rows: readonly ItemRow[],
): Promise<WrittenItems> {
  if (rows.length === 0) return { created: 0 };
  await manager.query('LOCK TABLE supply_item_gtin IN SHARE ROW EXCLUSIVE MODE');
  const conflicts = await conflictsOf(manager, rows);
  if (conflicts.length > 0) throw new RowsRefusedError(conflicts);
  const column = <K extends keyof ItemRow>(key: K): ItemRow[K][] => rows.map((r) => r[key]);
  const upserted: { inserted: boolean }[] = await manager.query(
    `INSERT INTO supply_item (item_id, description, unit_of_measure, chargeable, charge_code,
                              hcpcs_code, unit_cost, active, implant, manufacturer, model,
                              supplier_id, consignment)
     SELECT u.item_id, u.description, u.unit_of_measure, u.charge_code IS NOT NULL, u.charge_code,
            u.hcpcs_code, u.unit_cost, u.active, u.implant, u.manufacturer, u.model,
            u.supplier_id, u.consignment
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[],
                   $7::boolean[], $8::boolean[], $9::text[], $10::text[], $11::text[],
                   $12::boolean[])
         AS u (item_id, description, unit_of_measure, charge_code, hcpcs_code, unit_cost, active,
               implant, manufacturer, model, supplier_id, consignment)
     ON CONFLICT (item_id) DO UPDATE SET
       description = EXCLUDED.description,
       unit_of_measure = EXCLUDED.unit_of_measure,
       chargeable = EXCLUDED.chargeable,
       charge_code = EXCLUDED.charge_code,
       hcpcs_code = EXCLUDED.hcpcs_code,
       unit_cost = EXCLUDED.unit_cost,
       active = EXCLUDED.active,
       implant = EXCLUDED.implant,
       manufacturer = EXCLUDED.manufacturer,
       model = EXCLUDED.model,
       supplier_id = EXCLUDED.supplier_id,
       consignment = EXCLUDED.consignment
     RETURNING (xmax = 0) AS inserted`, // xmax 0: the row was inserted, not updated
    [
      column('itemId'),
      column('description'),
      column('unitOfMeasure'),
      column('chargeCode'),
      column('hcpcsCode'),
      column('unitCost'),
      column('active'),
      column('implant'),
      column('manufacturer'),
      column('model'),
      column('supplierId'),
      column('consignment'),
    ],
  );
  await manager.query('DELETE FROM supply_item_gtin WHERE item_id = ANY($1)', [column('itemId')]);
  const gtins = rows.flatMap((r) => r.gtins.map((gtin, position) => ({ r, gtin, position })));
  await manager.query(
    `INSERT INTO supply_item_gtin (gtin, item_id, position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[])`,
    [gtins.map((g) => g.gtin), gtins.map((g) => g.r.itemId), gtins.map((g) => g.position)],
  );
  return { created: upserted.filter((u) => u.inserted).length };
}
