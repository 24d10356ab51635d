import { FieldReader } from '../common/field-reader.js';
import type { TextRule } from '../common/field-reader.js';
import { normalizeGtin } from '../gs1/gtin.js';

/** Item master ids, e.g. ITM-1002. */
export const ITEM_ID_RULE: TextRule = {
  max: 40,
  pattern: /^[A-Za-z0-9][A-Za-z0-9-]*$/,
  patternMessage: 'must be an item id such as ITM-1002',
};

/** Reads a GTIN field as GTIN-14 (GTIN-8/12/13 are padded); a wrong check digit is named. */
export function readGtin(fields: FieldReader, name: string): string | undefined {
  const raw = fields.text(name, { max: 14 });
  if (raw === undefined) return undefined;
  const gtin = normalizeGtin(raw);
  return gtin.ok ? gtin.gtin : fields.fail(name, gtin.message);
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
