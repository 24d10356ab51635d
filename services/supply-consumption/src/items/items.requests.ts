import { readPut, rowError } from '@meridian/service-kit';
import type { FieldError, ImportRow, ImportSpec, RowResult } from '@meridian/service-kit';
import { FieldReader } from '../common/field-reader.js';
import type { TextRule } from '../common/field-reader.js';
import { normalizeGtin } from '../gs1/gtin.js';
import type { ItemRow } from './item-master.store.js';

/** Item master ids, e.g. ITM-1002. */
export const ITEM_ID_RULE: TextRule = {
  max: 40,
  pattern: /^[A-Za-z0-9][A-Za-z0-9-]*$/,
  patternMessage: 'must be an item id such as ITM-1002',
};

/** X12 355 / GS1 units of measure. */
export const UOM_RULE: TextRule = {
  required: true,
  max: 3,
  pattern: /^[A-Z0-9]{2,3}$/,
  patternMessage: 'must be a unit of measure code such as EA, BX or PK',
};

const DESCRIPTION_RULE: TextRule = { required: true, max: 200 };
/** HCPCS Level II: a letter A-V and 4 digits (C1776, L8699, J1650). */
const HCPCS_RULE: TextRule = {
  max: 5,
  pattern: /^[A-Va-v]\d{4}$/,
  patternMessage: 'must be a HCPCS Level II code such as C1776 or L8699',
};
/** CDM codes of the chargemaster: 7 to 10 digits. */
const CHARGE_CODE_RULE: TextRule = {
  max: 10,
  pattern: /^\d{7,10}$/,
  patternMessage: 'must be a CDM code of 7 to 10 digits',
};
/** numeric(14,2): up to 12 integer digits and 2 decimals. */
const UNIT_COST_RULE: TextRule = {
  required: true,
  max: 15,
  pattern: /^\d{1,12}(\.\d{1,2})?$/,
  patternMessage: 'must be a decimal string with up to 2 decimals, e.g. "96.50"',
};
const NAME_RULE: TextRule = { max: 100 };
const SUPPLIER_ID_RULE: TextRule = {
  max: 40,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  patternMessage: 'must be a supplier id (letters, digits, . _ -)',
};
/** GTINs one item may have (its package levels: each, box, case...). */
const MAX_GTINS = 10;
/** Separates the GTINs of an item in a CSV cell. */
export const GTIN_SEPARATOR = '|';

/** Items one import may carry (a hospital item master is tens of thousands of items). */
export const MAX_IMPORT_ITEMS = 50_000;

/** Every field of an item, in the order of a CSV header. */
export const ITEM_FIELDS = [
  'itemId',
  'description',
  'unitOfMeasure',
  'gtins',
  'hcpcsCode',
  'chargeCode',
  'unitCost',
  'active',
  'implant',
  'manufacturer',
  'model',
  'supplierId',
  'consignment',
] as const;

/** Reads a GTIN field as GTIN-14 (GTIN-8/12/13 are padded); a wrong check digit is named. */
export function readGtin(fields: FieldReader, name: string): string | undefined {
  const raw = fields.text(name, { max: 14 });
  if (raw === undefined) return undefined;
  const gtin = normalizeGtin(raw);
  return gtin.ok ? gtin.gtin : fields.fail(name, gtin.message);
}

/** The GTINs of an item as GTIN-14s, each once; the first invalid one is named. */
function readGtins(fields: FieldReader): string[] | undefined {
  const raw = fields.textList('gtins', { max: MAX_GTINS, separator: GTIN_SEPARATOR });
  if (raw === undefined) return undefined;
  const gtins: string[] = [];
  for (const value of raw) {
    const gtin = normalizeGtin(value);
    if (!gtin.ok) return fields.fail('gtins', `${value} ${gtin.message}`);
    if (gtins.includes(gtin.gtin)) return fields.fail('gtins', `${value} is listed twice`);
    gtins.push(gtin.gtin);
  }
  return gtins;
}

/** `96.5` as `96.50`. */
function twoDecimals(cost: string): string {
  const [whole = '0', decimals = ''] = cost.split('.');
  return `${String(Number(whole))}.${decimals.padEnd(2, '0')}`;
}

/**
 * One item: a JSON object, or a CSV row of texts (GTINs separated by `|`, booleans as
 * true/false). Every problem is named by field.
 */
export function validateItem(source: unknown): RowResult<ItemRow> {
  const fields = new FieldReader(source, ITEM_FIELDS);
  const itemId = fields.text('itemId', { ...ITEM_ID_RULE, required: true });
  const description = fields.text('description', DESCRIPTION_RULE);
  const unitOfMeasure = fields.text('unitOfMeasure', UOM_RULE);
  const gtins = readGtins(fields);
  const hcpcsCode = fields.text('hcpcsCode', HCPCS_RULE)?.toUpperCase() ?? null;
  const chargeCode = fields.text('chargeCode', CHARGE_CODE_RULE) ?? null;
  const unitCost = fields.text('unitCost', UNIT_COST_RULE);
  const active = fields.boolean('active', true);
  const implant = fields.boolean('implant', false);
  const manufacturer = fields.text('manufacturer', NAME_RULE) ?? null;
  const model = fields.text('model', NAME_RULE) ?? null;
  const supplierId = fields.text('supplierId', SUPPLIER_ID_RULE) ?? null;
  const consignment = fields.boolean('consignment', false);
  return fields.result(() => ({
    itemId: itemId as string,
    description: description as string,
    unitOfMeasure: unitOfMeasure as string,
    gtins: gtins as string[],
    hcpcsCode,
    chargeCode,
    unitCost: twoDecimals(unitCost as string),
    active: active as boolean,
    implant: implant as boolean,
    manufacturer,
    model,
    supplierId,
    consignment: consignment as boolean,
  }));
}

/** The same GTIN in two rows of one import: an error naming the later row. */
function repeatedGtins(rows: readonly ImportRow<ItemRow>[]): FieldError[] {
  const gtinRow = new Map<string, number>();
  return rows.flatMap(({ row, value }) =>
    value.gtins.flatMap((gtin) => {
      const holder = gtinRow.get(gtin);
      if (holder === undefined) gtinRow.set(gtin, row);
      return holder === undefined
        ? []
        : [rowError(row, 'gtins', `${gtin} is in row ${holder} too`)];
    }),
  );
}

/**
 * `POST /items/import`: JSON (`[...]` or `{ "items": [...] }`) or text/csv, one row per item;
 * an item id or a GTIN in two rows is refused, naming the later row.
 */
export const ITEM_IMPORT: ImportSpec<ItemRow> = {
  what: 'item',
  maxRows: MAX_IMPORT_ITEMS,
  listField: 'items',
  columns: ITEM_FIELDS,
  validateRow: validateItem,
  key: ['itemId'],
  checkRows: repeatedGtins,
};

/**
 * `PUT /items/:itemId`: the item, or a 400 naming every invalid field. The body may repeat the
 * path's item id but not contradict it.
 */
export function parseItemPut(itemId: string, body: unknown): ItemRow {
  return readPut(ITEM_IMPORT, { itemId: parseItemIdParam(itemId) }, body);
}

/** `GET /items?gtin=&itemId=` */
export interface ListItemsQuery {
  readonly gtin: string | undefined;
  readonly itemId: string | undefined;
}

export function parseListItemsQuery(query: unknown): ListItemsQuery {
  const fields = new FieldReader(query, ['gtin', 'itemId']);
  return fields.complete({
    gtin: readGtin(fields, 'gtin'),
    itemId: fields.text('itemId', ITEM_ID_RULE),
  });
}

/** The `:itemId` of a path, or a 400 naming it. */
export function parseItemIdParam(itemId: string): string {
  const fields = new FieldReader({ itemId }, ['itemId']);
  return fields.complete({ itemId: fields.text('itemId', ITEM_ID_RULE) }, 'itemId').itemId;
}
