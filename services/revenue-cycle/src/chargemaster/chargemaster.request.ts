// The chargemaster import API's bodies (`PUT /chargemaster/:cdmCode`, `POST /chargemaster/import`),
// validated field by field: a 400 names each invalid field, e.g. `items[3].revenueCode`.
import { InvalidRequestException } from '@meridian/service-kit';
import { BodyReader } from '../shared/body-reader.js';
import { isProcedureCode } from '../shared/procedure-codes.js';
import { CHARGEMASTER_KINDS } from './chargemaster-item.entity.js';
import type { ChargemasterKind } from './chargemaster-item.entity.js';
import { lookupKeys } from './chargemaster.store.js';
import type { ChargemasterRow } from './chargemaster.store.js';

/** Rows one import may carry (a whole hospital chargemaster is a few thousand to ~20,000). */
export const MAX_IMPORT_ITEMS = 20_000;
const MAX_DESCRIPTION = 200;
const MAX_UNIT_ID = 20;
const MAX_ITEM_ID = 64;

/** CDM codes as the table holds them: 7 to 10 digits. */
export const CDM_CODE = /^\d{7,10}$/;
const REVENUE_CODE = /^\d{4}$/;
/** numeric(12,2): up to 10 integer digits and 2 decimals. */
const PRICE = /^(\d{1,10})(?:\.(\d{1,2}))?$/;
/** UB-04 accommodation revenue codes (room and board): 0100 to 0219. */
const ACCOMMODATION = { from: 100, to: 219 } as const;

const ROW_FIELDS = [
  'cdmCode',
  'description',
  'revenueCode',
  'cptHcpcsCode',
  'kind',
  'unitId',
  'itemId',
  'unitPrice',
  'active',
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
  if (typeof value !== 'string' || !REVENUE_CODE.test(value))
    return r.fail(field, 'must be a 4-digit NUBC revenue code with the leading zero, e.g. 0120');
  const number = Number(value);
  if (kind === 'ROOM_AND_BOARD' && (number < ACCOMMODATION.from || number > ACCOMMODATION.to))
    return r.fail(field, 'must be an accommodation revenue code (0100 to 0219) for room and board');
  return value;
}

/**
 * One row at `field` (`body` or `items[3]`). `pathCdmCode`: the CDM code of a PUT's path, which a
 * body may repeat but not contradict.
 */
function readRow(
  r: BodyReader,
  field: string,
  value: unknown,
  pathCdmCode?: string,
): ChargemasterRow | undefined {
  const row = r.object(field, value, ROW_FIELDS);
  if (!row) return undefined;
  const at = (name: string): string => (field === 'body' ? name : `${field}.${name}`);
  const errorsBefore = r.errors.length;

  let cdmCode: string | undefined;
  if (pathCdmCode === undefined) {
    const problem = cdmCodeProblem(row['cdmCode']);
    if (problem) r.fail(at('cdmCode'), problem);
    else cdmCode = row['cdmCode'] as string;
  } else if (row['cdmCode'] !== undefined && row['cdmCode'] !== pathCdmCode) {
    r.fail(at('cdmCode'), `must be the CDM code of the path, ${pathCdmCode}, or left out`);
  } else cdmCode = pathCdmCode;

  const kind = CHARGEMASTER_KINDS.find((k) => k === row['kind']);
  if (!kind) r.fail(at('kind'), `must be one of ${CHARGEMASTER_KINDS.join(', ')}`);
  const description = r.text(at('description'), row['description'], MAX_DESCRIPTION);
  const revenueCode = readRevenueCode(r, at('revenueCode'), row['revenueCode'], kind);
  const cptHcpcsCode = readCptHcpcs(r, at('cptHcpcsCode'), row['cptHcpcsCode'], kind);

  const unitPrice = normalizePrice(row['unitPrice']);
  if (unitPrice === undefined)
    r.fail(at('unitPrice'), 'must be a decimal string with up to 2 decimals, e.g. "2450.00"');

  const unitId = optionalText(r, at('unitId'), row['unitId'], MAX_UNIT_ID);
  if (kind === 'ROOM_AND_BOARD' && unitId === null)
    r.fail(at('unitId'), 'is required for a room and board row (the nursing unit it prices)');
  if (kind && kind !== 'ROOM_AND_BOARD' && typeof unitId === 'string')
    r.fail(at('unitId'), `must be null for ${KIND_LABEL[kind]}`);

  const itemId = optionalText(r, at('itemId'), row['itemId'], MAX_ITEM_ID);
  if ((kind === 'ROOM_AND_BOARD' || kind === 'PROCEDURE') && typeof itemId === 'string')
    r.fail(at('itemId'), `must be null for ${KIND_LABEL[kind]}`);

  const active = row['active'] === undefined ? true : row['active'];
  if (typeof active !== 'boolean') r.fail(at('active'), 'must be true or false');

  if (
    r.errors.length > errorsBefore ||
    cdmCode === undefined ||
    kind === undefined ||
    description === undefined ||
    revenueCode === undefined ||
    cptHcpcsCode === undefined ||
    unitPrice === undefined ||
    unitId === undefined ||
    itemId === undefined ||
    typeof active !== 'boolean'
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
  };
}

/** `PUT /chargemaster/:cdmCode`: the row, or an InvalidRequestException naming every bad field. */
export function parseChargemasterPut(cdmCode: string, body: unknown): ChargemasterRow {
  const r = new BodyReader();
  const pathProblem = cdmCodeProblem(cdmCode);
  if (pathProblem) throw new InvalidRequestException([{ field: 'cdmCode', message: pathProblem }]);
  const row = readRow(r, 'body', body, cdmCode);
  if (!row) throw new InvalidRequestException(r.errors);
  return row;
}

/**
 * `POST /chargemaster/import`: `{ items: [...] }`, every row valid, no CDM code twice and no two
 * active rows for one unit, procedure code or item id; else an InvalidRequestException.
 */
export function parseChargemasterImport(body: unknown): ChargemasterRow[] {
  const r = new BodyReader();
  const b = r.object('body', body, ['items']);
  if (!b) throw new InvalidRequestException(r.errors);
  const raw = r.array('items', b['items'], { min: 1, max: MAX_IMPORT_ITEMS }) ?? [];
  const rows = raw.map((item, i) => readRow(r, `items[${i}]`, item));

  const firstOf = new Map<string, number>();
  rows.forEach((row, i) => {
    if (!row) return;
    const cdm = `cdmCode:${row.cdmCode}`;
    const seen = firstOf.get(cdm);
    if (seen !== undefined) {
      r.fail(`items[${i}].cdmCode`, `repeats items[${seen}].cdmCode`);
      return;
    }
    firstOf.set(cdm, i);
    for (const key of lookupKeys(row)) {
      const id = `${key.field}:${key.value}`;
      const first = firstOf.get(id);
      if (first === undefined) firstOf.set(id, i);
      else
        r.fail(
          `items[${i}].${key.field}`,
          `${key.label} already has an active row in this import, items[${first}]`,
        );
    }
  });
  r.done();
  return rows.filter((row): row is ChargemasterRow => row !== undefined);
}
