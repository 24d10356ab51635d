// Writing and reading the item master, the one code path of the import API, the seed migration
// and the scan and UDI lookups. Writing is a bulk upsert by item id in the caller's transaction that
// keeps each device identifier (GTIN, HIBCC, ICCBBA) on one item. Plain SQL, no entity metadata, so
// the seed migration can run it too.
import { RowsRefusedError } from '@meridian/service-kit';
import type { RowRefusal } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';
import { isIssuingAgency, normalizeDeviceIdentifier } from './device-identifier.js';
import type { DeviceIdentifier } from './device-identifier.js';

/** An item of the item master as written and read: every column, its GTINs in order. */
export interface ItemRow {
  readonly itemId: string;
  readonly description: string;
  /** X12 355 / GS1 unit of measure the item is issued and charged in (EA, BX, PK). */
  readonly unitOfMeasure: string;
  /** GS1 GTIN-14s of its packages, first the one an item-id usage records; none for floor stock. */
  readonly gtins: readonly string[];
  /** Its device identifiers of the other issuing agencies (HIBCC, ICCBBA), in order. */
  readonly deviceIdentifiers: readonly DeviceIdentifier[];
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
  /** The supplier's catalogue (reference) number of the item, quoted on bill-only orders. */
  readonly supplierItemNumber: string | null;
  /** Consignment stock: owned by the supplier until used (bill-only, then replenished). */
  readonly consignment: boolean;
}

/** A written row with a device identifier an item outside the write already has. */
export type DeviceIdentifierConflict = RowRefusal<'gtins' | 'deviceIdentifiers'>;

export interface WrittenItems {
  /** How many of the rows did not exist before. */
  readonly created: number;
}

interface StoredItem {
  readonly item_id: string;
  readonly description: string;
  readonly unit_of_measure: string;
  readonly gtins: string[];
  readonly device_identifiers: DeviceIdentifier[];
  readonly hcpcs_code: string | null;
  readonly charge_code: string | null;
  readonly unit_cost: string;
  readonly active: boolean;
  readonly implant: boolean;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly supplier_id: string | null;
  readonly supplier_item_number: string | null;
  readonly consignment: boolean;
}

const fromStored = (row: StoredItem): ItemRow => ({
  itemId: row.item_id,
  description: row.description,
  unitOfMeasure: row.unit_of_measure,
  gtins: row.gtins,
  deviceIdentifiers: row.device_identifiers,
  hcpcsCode: row.hcpcs_code,
  chargeCode: row.charge_code,
  unitCost: row.unit_cost,
  active: row.active,
  implant: row.implant,
  manufacturer: row.manufacturer,
  model: row.model,
  supplierId: row.supplier_id,
  supplierItemNumber: row.supplier_item_number,
  consignment: row.consignment,
});

/** What items are read by: all of them, some item ids, or the item of a device identifier. */
export type ItemFilter = {
  readonly itemIds?: readonly string[];
  readonly deviceIdentifier?: DeviceIdentifier;
};

/** The items matching every given filter, by item id, each with its device identifiers in order. */
export async function readItems(manager: EntityManager, filter: ItemFilter): Promise<ItemRow[]> {
  const stored: StoredItem[] = await manager.query(
    `SELECT i.item_id, i.description, i.unit_of_measure, i.hcpcs_code, i.charge_code, i.unit_cost,
            i.active, i.implant, i.manufacturer, i.model, i.supplier_id, i.supplier_item_number,
            i.consignment,
            ARRAY(SELECT d.device_identifier FROM supply_item_device_identifier d
                   WHERE d.item_id = i.item_id AND d.issuing_agency = 'GS1'
                   ORDER BY d.position) AS gtins,
            COALESCE((SELECT json_agg(json_build_object('issuingAgency', d.issuing_agency,
                                                        'deviceIdentifier', d.device_identifier)
                                      ORDER BY d.position)
                        FROM supply_item_device_identifier d
                       WHERE d.item_id = i.item_id AND d.issuing_agency <> 'GS1'), '[]')
              AS device_identifiers
       FROM supply_item i
      WHERE ($1::text[] IS NULL OR i.item_id = ANY($1))
        AND ($2::text IS NULL OR i.item_id = (
              SELECT item_id FROM supply_item_device_identifier
               WHERE issuing_agency = $2 AND device_identifier = $3))
      ORDER BY i.item_id`,
    [
      filter.itemIds ?? null,
      filter.deviceIdentifier?.issuingAgency ?? null,
      filter.deviceIdentifier?.deviceIdentifier ?? null,
    ],
  );
  return stored.map(fromStored);
}

/**
 * The item a UDI's device identifier names, read in the caller's transaction; null when no item
 * has it (or the agency or identifier is not one the item master can hold). The identifier is
 * compared in the item master's form (a GTIN-12 as GTIN-14, HIBCC in upper case).
 */
export async function findItemByDeviceIdentifier(
  manager: EntityManager,
  issuingAgency: string,
  deviceIdentifier: string,
): Promise<ItemRow | null> {
  if (!isIssuingAgency(issuingAgency)) return null;
  const di = normalizeDeviceIdentifier(issuingAgency, deviceIdentifier.trim());
  if (!di.ok) return null;
  const [item] = await readItems(manager, {
    deviceIdentifier: { issuingAgency, deviceIdentifier: di.deviceIdentifier },
  });
  return item ?? null;
}

/** Every device identifier of an item, its GTINs first: the order they are stored in. */
export function allDeviceIdentifiers(
  item: Pick<ItemRow, 'gtins' | 'deviceIdentifiers'>,
): DeviceIdentifier[] {
  return [
    ...item.gtins.map((gtin) => ({ issuingAgency: 'GS1' as const, deviceIdentifier: gtin })),
    ...item.deviceIdentifiers,
  ];
}

/** The device identifiers of `rows` that items outside them hold, one conflict per identifier. */
async function conflictsOf(
  manager: EntityManager,
  rows: readonly ItemRow[],
): Promise<DeviceIdentifierConflict[]> {
  const wanted = rows.flatMap(allDeviceIdentifiers);
  const held: { issuing_agency: string; device_identifier: string; item_id: string }[] =
    await manager.query(
      `SELECT d.issuing_agency, d.device_identifier, d.item_id
         FROM supply_item_device_identifier d
         JOIN unnest($1::text[], $2::text[]) AS w (issuing_agency, device_identifier)
           ON w.issuing_agency = d.issuing_agency AND w.device_identifier = d.device_identifier
        WHERE NOT (d.item_id = ANY($3))`,
      [
        wanted.map((d) => d.issuingAgency),
        wanted.map((d) => d.deviceIdentifier),
        rows.map((r) => r.itemId),
      ],
    );
  const holder = new Map(
    held.map((h) => [`${h.issuing_agency}:${h.device_identifier}`, h.item_id]),
  );
  return rows.flatMap((row, index) =>
    allDeviceIdentifiers(row).flatMap(({ issuingAgency, deviceIdentifier }) => {
      const itemId = holder.get(`${issuingAgency}:${deviceIdentifier}`);
      if (itemId === undefined) return [];
      const field = issuingAgency === 'GS1' ? ('gtins' as const) : ('deviceIdentifiers' as const);
      const message = `${issuingAgency} device identifier ${deviceIdentifier} is already on item ${itemId}; take it off that item first or in the same import`;
      return [{ index, field, message }];
    }),
  );
}

/**
 * Creates or replaces `rows` (by item id, device identifiers included) in the caller's transaction;
 * a RowsRefusedError (409) when an item outside `rows` holds one of their device identifiers. `rows`
 * must not share an item id or a device identifier (the request validation sees to it). Writers are
 * serialized by a table lock that readers (the scan and UDI lookups) never wait for.
 */
export async function writeItems(
  manager: EntityManager,
  rows: readonly ItemRow[],
): Promise<WrittenItems> {
  if (rows.length === 0) return { created: 0 };
  await manager.query('LOCK TABLE supply_item_device_identifier IN SHARE ROW EXCLUSIVE MODE');
  const conflicts = await conflictsOf(manager, rows);
  if (conflicts.length > 0) throw new RowsRefusedError(conflicts);
  const column = <K extends keyof ItemRow>(key: K): ItemRow[K][] => rows.map((r) => r[key]);
  const upserted: { inserted: boolean }[] = await manager.query(
    `INSERT INTO supply_item (item_id, description, unit_of_measure, chargeable, charge_code,
                              hcpcs_code, unit_cost, active, implant, manufacturer, model,
                              supplier_id, supplier_item_number, consignment)
     SELECT u.item_id, u.description, u.unit_of_measure, u.charge_code IS NOT NULL, u.charge_code,
            u.hcpcs_code, u.unit_cost, u.active, u.implant, u.manufacturer, u.model,
            u.supplier_id, u.supplier_item_number, u.consignment
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[],
                   $7::boolean[], $8::boolean[], $9::text[], $10::text[], $11::text[],
                   $12::text[], $13::boolean[])
         AS u (item_id, description, unit_of_measure, charge_code, hcpcs_code, unit_cost, active,
               implant, manufacturer, model, supplier_id, supplier_item_number, consignment)
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
       supplier_item_number = EXCLUDED.supplier_item_number,
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
      column('supplierItemNumber'),
      column('consignment'),
    ],
  );
  await manager.query('DELETE FROM supply_item_device_identifier WHERE item_id = ANY($1)', [
    column('itemId'),
  ]);
  const held = rows.flatMap((r) =>
    allDeviceIdentifiers(r).map((di, position) => ({ itemId: r.itemId, di, position })),
  );
  await manager.query(
    `INSERT INTO supply_item_device_identifier (issuing_agency, device_identifier, item_id, position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])`,
    [
      held.map((h) => h.di.issuingAgency),
      held.map((h) => h.di.deviceIdentifier),
      held.map((h) => h.itemId),
      held.map((h) => h.position),
    ],
  );
  return { created: upserted.filter((u) => u.inserted).length };
}
