import { readPut } from '@meridian/service-kit';
import type { ImportSpec, RowResult } from '@meridian/service-kit';
import { FieldReader } from '../common/field-reader.js';
import { ITEM_ID_RULE, SUPPLIER_ID_RULE } from '../items/items.requests.js';
import { UNIT_ID_RULE } from '../usage/usage.requests.js';
import type { StockCount, StockFilter } from './consignment-stock.store.js';

/** The most devices one count may say a location holds. */
const MAX_COUNT = 100_000;

/** Stock rows one import may carry. */
export const MAX_IMPORT_STOCK_ROWS = 50_000;

/** A stock location: the unit a usage records (OR, CATH, ...). */
const LOCATION_ID_RULE = { ...UNIT_ID_RULE, required: true };

/** Every field of a stock row, in the order of a CSV header. */
export const STOCK_FIELDS = [
  'supplierId',
  'locationId',
  'itemId',
  'quantityOnHand',
  'parLevel',
] as const;

/** The integer of a JSON number or of a CSV cell's text (`12`); anything else as it was. */
function counted(value: unknown): unknown {
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/** One counted stock row: a JSON object or a CSV row of texts. Every problem is named by field. */
export function validateStockCount(source: unknown): RowResult<StockCount> {
  const given =
    typeof source === 'object' && source !== null && !Array.isArray(source)
      ? (source as Readonly<Record<string, unknown>>)
      : undefined;
  const fields = new FieldReader(
    given && {
      ...given,
      quantityOnHand: counted(given['quantityOnHand']),
      parLevel: counted(given['parLevel']),
    },
    STOCK_FIELDS,
  );
  const supplierId = fields.text('supplierId', { ...SUPPLIER_ID_RULE, required: true });
  const locationId = fields.text('locationId', LOCATION_ID_RULE);
  const itemId = fields.text('itemId', { ...ITEM_ID_RULE, required: true });
  const quantityOnHand = fields.integer('quantityOnHand', {
    required: true,
    min: 0,
    max: MAX_COUNT,
  });
  const parLevel = fields.integer('parLevel', { min: 0, max: MAX_COUNT }) ?? null;
  return fields.result(() => ({
    supplierId: supplierId as string,
    locationId: locationId as string,
    itemId: itemId as string,
    quantityOnHand: quantityOnHand as number,
    parLevel,
  }));
}

/**
 * `POST /consignment-stock/import`: JSON (`[...]` or `{ "stock": [...] }`) or text/csv, one row
 * per supplier, location and item.
 */
export const STOCK_IMPORT: ImportSpec<StockCount> = {
  what: 'consignment stock row',
  maxRows: MAX_IMPORT_STOCK_ROWS,
  listField: 'stock',
  columns: STOCK_FIELDS,
  validateRow: validateStockCount,
  key: ['supplierId', 'locationId', 'itemId'],
};

/** `PUT /consignment-stock/:locationId/:itemId`: the count, or a 400 naming every invalid field. */
export function parseStockPut(locationId: string, itemId: string, body: unknown): StockCount {
  return readPut(STOCK_IMPORT, { locationId, itemId }, body);
}

/** `GET /consignment-stock?supplierId=&locationId=&itemId=` */
export function parseStockQuery(query: unknown): StockFilter {
  const fields = new FieldReader(query, ['supplierId', 'locationId', 'itemId']);
  return fields.complete({
    supplierId: fields.text('supplierId', SUPPLIER_ID_RULE),
    locationId: fields.text('locationId', { ...UNIT_ID_RULE, required: false }),
    itemId: fields.text('itemId', ITEM_ID_RULE),
  });
}
