// Writing chargemaster rows, the one code path of the import API and the seed migration: a bulk
// upsert by CDM code in the caller's transaction that keeps one active row per lookup key and
// facility (the unit of a room & board row, the CPT/HCPCS code of a procedure, the item id of a
// supply; a network-wide row, facility null, is a facility of its own here).
// Plain SQL, no entity metadata, so the seed migration can run it too.
import { RowsRefusedError } from '@meridian/service-kit';
import type { RowRefusal } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';
import { ChargemasterItem } from './chargemaster-item.entity.js';
import type { ChargemasterKind } from './chargemaster-item.entity.js';

/** A chargemaster row as written: every column. */
export interface ChargemasterRow {
  readonly cdmCode: string;
  readonly description: string;
  /** UB-04 (NUBC) revenue code (`isRevenueCode` of @meridian/contracts). */
  readonly revenueCode: string;
  readonly cptHcpcsCode: string | null;
  /** Decimal string with 2 decimals. */
  readonly unitPrice: string;
  readonly active: boolean;
  readonly kind: ChargemasterKind;
  /** The unit of a room & board row; null for every other kind. */
  readonly unitId: string | null;
  readonly itemId: string | null;
  /** The facility whose price this is; null for a network-wide row. */
  readonly facilityId: string | null;
}

export type LookupKeyField = 'unitId' | 'cptHcpcsCode' | 'itemId';

/** What pricing finds an active row by: at most one active row per key and facility. */
export interface LookupKey {
  readonly field: LookupKeyField;
  readonly value: string;
  readonly facilityId: string | null;
  /** The key for people: `unit 4W at facility BWH`, `CPT/HCPCS 71046 network-wide`. */
  readonly label: string;
}

/** `at facility BWH`, or `network-wide` for a row of every facility. */
export function facilityLabel(facilityId: string | null): string {
  return facilityId === null ? 'network-wide' : `at facility ${facilityId}`;
}

/** The lookup keys of a row (none when it is inactive), as the partial unique indexes have them. */
export function lookupKeys(row: ChargemasterRow): LookupKey[] {
  if (!row.active) return [];
  const { facilityId } = row;
  const key = (field: LookupKeyField, value: string, what: string): LookupKey => ({
    field,
    value,
    facilityId,
    label: `${what} ${value} ${facilityLabel(facilityId)}`,
  });
  const keys: LookupKey[] = [];
  if (row.kind === 'ROOM_AND_BOARD' && row.unitId !== null)
    keys.push(key('unitId', row.unitId, 'unit'));
  if (row.kind === 'PROCEDURE' && row.cptHcpcsCode !== null)
    keys.push(key('cptHcpcsCode', row.cptHcpcsCode, 'CPT/HCPCS'));
  if (row.itemId !== null) keys.push(key('itemId', row.itemId, 'item'));
  return keys;
}

/** Whether two keys are the same: one field, value and facility. */
export const sameKey = (a: LookupKey, b: LookupKey): boolean =>
  a.field === b.field && a.value === b.value && a.facilityId === b.facilityId;

/** A written row whose lookup key an active row outside the write already has. */
export type ChargemasterConflict = RowRefusal<LookupKeyField>;

export interface WrittenRows {
  /** The stored rows, in the order written. */
  readonly items: readonly ChargemasterItem[];
  /** How many of them did not exist before. */
  readonly created: number;
}

interface StoredRow {
  readonly cdm_code: string;
  readonly description: string;
  readonly revenue_code: string;
  readonly cpt_hcpcs_code: string | null;
  readonly unit_price: string;
  readonly active: boolean;
  readonly kind: ChargemasterKind;
  readonly unit_id: string | null;
  readonly item_id: string | null;
  readonly facility_id: string | null;
}

const COLUMNS =
  'cdm_code, description, revenue_code, cpt_hcpcs_code, unit_price, active, kind, unit_id, item_id, facility_id';

const fromStored = (row: StoredRow): ChargemasterRow => ({
  cdmCode: row.cdm_code,
  description: row.description,
  revenueCode: row.revenue_code,
  cptHcpcsCode: row.cpt_hcpcs_code,
  unitPrice: row.unit_price,
  active: row.active,
  kind: row.kind,
  unitId: row.unit_id,
  itemId: row.item_id,
  facilityId: row.facility_id,
});

/**
 * The active rows outside `rows` that hold one of their lookup keys, one conflict per key. The
 * query reads the candidates of every facility; the keys' comparison keeps the same facility's.
 */
async function conflictsOf(
  manager: EntityManager,
  rows: readonly ChargemasterRow[],
): Promise<ChargemasterConflict[]> {
  const keys = rows.map(lookupKeys);
  const values = (field: LookupKeyField): string[] =>
    keys.flat().flatMap((k) => (k.field === field ? [k.value] : []));
  const stored: StoredRow[] = await manager.query(
    `SELECT ${COLUMNS} FROM chargemaster_item
      WHERE active AND NOT (cdm_code = ANY($1))
        AND ((kind = 'ROOM_AND_BOARD' AND unit_id = ANY($2))
          OR (kind = 'PROCEDURE' AND cpt_hcpcs_code = ANY($3))
          OR item_id = ANY($4))`,
    [rows.map((r) => r.cdmCode), values('unitId'), values('cptHcpcsCode'), values('itemId')],
  );
  const holders = stored.map(fromStored);
  return keys.flatMap((rowKeys, index) =>
    rowKeys.flatMap((key) => {
      const holder = holders.find((h) => lookupKeys(h).some((k) => sameKey(k, key)));
      if (!holder) return [];
      const message = `${key.label} already has the active ${holder.kind} row ${holder.cdmCode}; deactivate that row (active: false) first or in the same import`;
      return [{ index, field: key.field, message }];
    }),
  );
}

/**
 * Creates or replaces `rows` (by CDM code) in the caller's transaction, all or nothing; a
 * RowsRefusedError (409) when an active row outside `rows` holds one of their lookup keys.
 * `rows` must not share a CDM code or a lookup key (the request validation sees to it). Writers
 * are serialized by a table lock that readers (pricing) never wait for.
 */
export async function writeChargemasterRows(
  manager: EntityManager,
  rows: readonly ChargemasterRow[],
): Promise<WrittenRows> {
  if (rows.length === 0) return { items: [], created: 0 };
  await manager.query('LOCK TABLE chargemaster_item IN SHARE ROW EXCLUSIVE MODE');
  const conflicts = await conflictsOf(manager, rows);
  if (conflicts.length > 0) throw new RowsRefusedError(conflicts);
  const codes = rows.map((r) => r.cdmCode);
  const existing: { cdm_code: string }[] = await manager.query(
    'SELECT cdm_code FROM chargemaster_item WHERE cdm_code = ANY($1)',
    [codes],
  );
  // The rows being replaced step aside first, so no order of the upsert below can meet an active
  // row that is about to change (e.g. one import moving unit 4W from one CDM row to another).
  await manager.query(
    'UPDATE chargemaster_item SET active = false WHERE active AND cdm_code = ANY($1)',
    [codes],
  );
  const column = <K extends keyof ChargemasterRow>(key: K): ChargemasterRow[K][] =>
    rows.map((r) => r[key]);
  const stored: StoredRow[] = await manager.query(
    `INSERT INTO chargemaster_item (${COLUMNS})
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::numeric[],
                          $6::boolean[], $7::text[], $8::text[], $9::text[], $10::text[])
     ON CONFLICT (cdm_code) DO UPDATE SET
       description = EXCLUDED.description,
       revenue_code = EXCLUDED.revenue_code,
       cpt_hcpcs_code = EXCLUDED.cpt_hcpcs_code,
       unit_price = EXCLUDED.unit_price,
       active = EXCLUDED.active,
       kind = EXCLUDED.kind,
       unit_id = EXCLUDED.unit_id,
       item_id = EXCLUDED.item_id,
       facility_id = EXCLUDED.facility_id
     RETURNING ${COLUMNS}`,
    [
      codes,
      column('description'),
      column('revenueCode'),
      column('cptHcpcsCode'),
      column('unitPrice'),
      column('active'),
      column('kind'),
      column('unitId'),
      column('itemId'),
      column('facilityId'),
    ],
  );
  const byCode = new Map(stored.map((row) => [row.cdm_code, row]));
  const items = codes.map((code) => {
    const row = byCode.get(code);
    if (!row) throw new Error(`chargemaster row ${code} was not returned by its upsert`);
    return Object.assign(new ChargemasterItem(), fromStored(row));
  });
  return { items, created: rows.length - existing.length };
}
