// The chargemaster import API's bodies (`PUT /chargemaster/:cdmCode`, `POST /chargemaster/import`
// as JSON or CSV), validated field by field: a 400 names each invalid field, `revenueCode` of a
// PUT or `row 3: revenueCode` of an import.
import { isProcedureCode, isRevenueCode } from '@meridian/contracts';
import { readPut, rowError } from '@meridian/service-kit';
import type { FieldError, ImportRow, ImportSpec, RowResult } from '@meridian/service-kit';
import { BodyReader } from '../shared/body-reader.js';
import { CHARGEMASTER_KINDS } from './chargemaster-item.entity.js';
import type { ChargemasterKind } from './chargemaster-item.entity.js';
import { lookupKeys } from './chargemaster.store.js';
import type { ChargemasterRow } from './chargemaster.store.js';

/** Rows one import may carry (a whole hospital chargemaster is a few thousand to ~20,000). */
export const MAX_IMPORT_ITEMS = 20_000;
const MAX_DESCRIPTION = 200;
const MAX_UNIT_ID = 20;
const MAX_ITEM_ID = 64;
const MAX_FACILITY_ID = 32;

/** CDM codes as the table holds them: 7 to 10 digits. */
export const CDM_CODE = /^\d{7,10}$/;
/** numeric(12,2): up to 10 integer digits and 2 decimals. */
const PRICE = /^(\d{1,10})(?:\.(\d{1,2}))?$/;
/** UB-04 accommodation revenue codes (room and board): 0100 to 0219. */
const ACCOMMODATION = { from: 100, to: 219 } as const;

/** A row's fields, also the columns of a CSV import. */
export const CHARGEMASTER_COLUMNS = [
  'cdmCode',
  'description',
  'revenueCode',
  'kind',
  'cptHcpcsCode',
  'unitId',
  'itemId',
  'unitPrice',
  'active',
  'facilityId',
] as const;

const KIND_LABEL: Readonly<Record<ChargemasterKind, string>> = {
  ROOM_AND_BOARD: 'a room and board row',
  PROCEDURE: 'a procedure row',
  SUPPLY: 'a supply row',
  IMPLANT: 'an implant row',
};

/** The message when `value` is not a CDM code, else undefined. */
export function cdmCodeProblem(value: unknown): string | undefined {
  return typeof value === 'string' && CDM_CODE.test(value) ? undefined : 'must be 7 to 10 digits';
}

/** `2450`, `2450.5` and `2450.50` as `2450.50`-style decimal strings; undefined when invalid. */
function normalizePrice(value: unknown): string | undefined {
  const match = typeof value === 'string' ? PRICE.exec(value.trim()) : null;
  if (!match) return undefined;
  const whole = String(Number(match[1]));
  return `${whole}.${(match[2] ?? '').padEnd(2, '0')}`;
}

/** An optional string field: null when absent or null, else trimmed and non-blank. */
function optionalText(
  r: BodyReader,
  field: string,
  value: unknown,
  max: number,
): string | null | undefined {
  if (value === undefined || value === null) return null;
  return r.text(field, value, max);
}

function readCptHcpcs(
  r: BodyReader,
  field: string,
  value: unknown,
  kind: ChargemasterKind | undefined,
): string | null | undefined {
  const text = optionalText(r, field, value, 16);
  if (text === undefined) return undefined;
  const code = text === null ? null : text.toUpperCase();
  switch (kind) {
    case undefined:
      return code;
    case 'ROOM_AND_BOARD':
      return code === null ? null : r.fail(field, 'must be null for a room and board row');
    case 'PROCEDURE':
      if (code === null) return r.fail(field, 'is required for a procedure row (CPT or HCPCS)');
      if (!isProcedureCode(code, 'CPT') && !isProcedureCode(code, 'HCPCS'))
        return r.fail(field, 'must be a CPT code (71046) or a HCPCS Level II code (G0378)');
      return code;
    case 'SUPPLY':
    case 'IMPLANT':
      if (code !== null && !isProcedureCode(code, 'HCPCS'))
        return r.fail(field, 'must be a HCPCS Level II code (C1776) or null');
      return code;
  }
}

function readRevenueCode(
  r: BodyReader,
  field: string,
  value: unknown,
  kind: ChargemasterKind | undefined,
): string | undefined {
  if (typeof value !== 'string' || !isRevenueCode(value))
    return r.fail(
      field,
      'must be a 4-digit NUBC revenue code (0001 to 0999 with the leading zero, 100X, 210X or 310X), e.g. 0120',
    );
  const number = Number(value);
  if (kind === 'ROOM_AND_BOARD' && (number < ACCOMMODATION.from || number > ACCOMMODATION.to))
    return r.fail(field, 'must be an accommodation revenue code (0100 to 0219) for room and board');
  return value;
}

/** The facility code as ADT sends it (PV1-3.4, MSH-4), e.g. BWH; null for a network-wide row. */
function readFacilityId(r: BodyReader, value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return r.code('facilityId', value, MAX_FACILITY_ID);
}

/** `active`: true or false (a CSV cell `true` or `false`), true when absent. */
function readActive(r: BodyReader, value: unknown): boolean | undefined {
  if (value === undefined || value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return r.fail('active', 'must be true or false');
}

/** One row, read by a reader of its own (`r`), its fields named without a prefix (`revenueCode`). */
function readRow(r: BodyReader, value: unknown): ChargemasterRow | undefined {
  const row = r.object('body', value, CHARGEMASTER_COLUMNS);
  if (!row) return undefined;

  let cdmCode: string | undefined;
  const problem = cdmCodeProblem(row['cdmCode']);
  if (problem) r.fail('cdmCode', problem);
  else cdmCode = row['cdmCode'] as string;

  const kind = CHARGEMASTER_KINDS.find((k) => k === row['kind']);
  if (!kind) r.fail('kind', `must be one of ${CHARGEMASTER_KINDS.join(', ')}`);
  const description = r.text('description', row['description'], MAX_DESCRIPTION);
  const revenueCode = readRevenueCode(r, 'revenueCode', row['revenueCode'], kind);
  const cptHcpcsCode = readCptHcpcs(r, 'cptHcpcsCode', row['cptHcpcsCode'], kind);

  const unitPrice = normalizePrice(row['unitPrice']);
  if (unitPrice === undefined)
    r.fail('unitPrice', 'must be a decimal string with up to 2 decimals, e.g. "2450.00"');

  const unitId = optionalText(r, 'unitId', row['unitId'], MAX_UNIT_ID);
  if (kind === 'ROOM_AND_BOARD' && unitId === null)
    r.fail('unitId', 'is required for a room and board row (the nursing unit it prices)');
  if (kind && kind !== 'ROOM_AND_BOARD' && typeof unitId === 'string')
    r.fail('unitId', `must be null for ${KIND_LABEL[kind]}`);

  const itemId = optionalText(r, 'itemId', row['itemId'], MAX_ITEM_ID);
  if ((kind === 'ROOM_AND_BOARD' || kind === 'PROCEDURE') && typeof itemId === 'string')
    r.fail('itemId', `must be null for ${KIND_LABEL[kind]}`);

  const active = readActive(r, row['active']);
  const facilityId = readFacilityId(r, row['facilityId']);

  if (
    r.errors.length > 0 ||
    cdmCode === undefined ||
    kind === undefined ||
    description === undefined ||
    revenueCode === undefined ||
    cptHcpcsCode === undefined ||
    unitPrice === undefined ||
    unitId === undefined ||
    itemId === undefined ||
    active === undefined ||
    facilityId === undefined
  )
    return undefined;
  return {
    cdmCode,
    description,
    revenueCode,
    cptHcpcsCode,
    unitPrice,
    active,
    kind,
    unitId,
    itemId,
    facilityId,
  };
}

/** A row of an import, JSON element or CSV line alike (a CSV's cells are texts). */
function validateImportRow(value: Readonly<Record<string, unknown>>): RowResult<ChargemasterRow> {
  const r = new BodyReader();
  const row = readRow(r, value);
  return row ? { ok: true, value: row } : { ok: false, errors: r.errors };
}

/**
 * Two active rows for one unit, procedure code or item id at one facility among the rows (a CDM
 * code twice the import's key refuses), named by the later row.
 */
function activeRowRepeats(rows: readonly ImportRow<ChargemasterRow>[]): FieldError[] {
  const firstRow = new Map<string, number>();
  return rows.flatMap(({ row, value }) =>
    lookupKeys(value).flatMap((key) => {
      const id = JSON.stringify([key.field, key.facilityId, key.value]);
      const holder = firstRow.get(id);
      if (holder === undefined) firstRow.set(id, row);
      return holder === undefined
        ? []
        : [rowError(row, key.field, `${key.label} already has an active row in row ${holder}`)];
    }),
  );
}

/**
 * `POST /chargemaster/import`: `{ items: [...] }`, a bare array, or text/csv with a header line;
 * every row valid, no CDM code twice and no two active rows for one unit, procedure code or item
 * id at one facility, else one 400 naming each row and field (`row 3: revenueCode`).
 */
export const CHARGEMASTER_IMPORT: ImportSpec<ChargemasterRow> = {
  what: 'chargemaster row',
  maxRows: MAX_IMPORT_ITEMS,
  listField: 'items',
  columns: CHARGEMASTER_COLUMNS,
  validateRow: validateImportRow,
  key: ['cdmCode'],
  checkRows: activeRowRepeats,
};

/**
 * `PUT /chargemaster/:cdmCode`: the row with the path's CDM code (which the body may repeat, not
 * contradict), or an InvalidRequestException naming every bad field.
 */
export function parseChargemasterPut(cdmCode: string, body: unknown): ChargemasterRow {
  return readPut(CHARGEMASTER_IMPORT, { cdmCode }, body);
}
