import { ENCOUNTER_ID_PATTERN } from '@meridian/contracts';
import { actorOf } from '@meridian/service-kit';
import type { Caller } from '@meridian/service-kit';
import { parseGs1Barcode } from '@meridian/udi';
import type { Gs1Barcode } from '@meridian/udi';
import { FieldReader } from '../common/field-reader.js';
import type { TextRule } from '../common/field-reader.js';
import { ITEM_ID_RULE, readGtin, UOM_RULE } from '../items/items.requests.js';

export const MAX_QUANTITY = 100;
/** How far `usedAt` may be ahead of the server clock (device clocks drift). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
export const DEFAULT_VOID_REASON = 'recorded in error';

export const ENCOUNTER_ID_RULE: TextRule = {
  required: true,
  max: 64,
  pattern: ENCOUNTER_ID_PATTERN,
  patternMessage: "must be an encounter id '<facility>:<visit number>' such as MGH:V000123",
};
export const UNIT_ID_RULE: TextRule = {
  required: true,
  max: 20,
  pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
  patternMessage: 'must be a unit or department id such as 4W or OR',
};
const STAFF_ID_RULE: TextRule = { max: 64 };

/** How the request identifies the item: exactly one of these. */
export type ItemRef =
  | { readonly by: 'itemId'; readonly itemId: string }
  | { readonly by: 'gtin'; readonly gtin: string }
  | { readonly by: 'barcode'; readonly barcode: Gs1Barcode };

/**
 * `POST /usage`. `recordedBy` is the clinician who used the supply at the point of care, as the
 * request names them: not necessarily the caller (a scanner workstation or a supply tech posts
 * for them; the caller is in the audit record).
 */
export interface RecordUsageRequest {
  readonly usageId: string | undefined;
  readonly encounterId: string;
  readonly item: ItemRef;
  readonly quantity: number;
  readonly unitOfMeasure: string | undefined;
  readonly unitId: string;
  readonly usedAt: Date;
  readonly recordedBy: string | null;
}

const ITEM_FIELDS = ['itemId', 'gtin', 'barcode'] as const;

function readItemRef(fields: FieldReader, now: Date): ItemRef | undefined {
  const [first, second] = ITEM_FIELDS.filter((name) => fields.has(name));
  if (first === undefined) return fields.fail('itemId', 'is required (or gtin, or barcode)');
  if (second !== undefined) {
    return fields.fail(second, `cannot be given with ${first}: identify the item once`);
  }
  if (first === 'itemId') {
    const itemId = fields.text('itemId', ITEM_ID_RULE);
    return itemId === undefined ? undefined : { by: 'itemId', itemId };
  }
  if (first === 'gtin') {
    const gtin = readGtin(fields, 'gtin');
    return gtin === undefined ? undefined : { by: 'gtin', gtin };
  }
  const raw = fields.text('barcode', { max: 200 });
  if (raw === undefined) return undefined;
  const scan = parseGs1Barcode(raw, now);
  return scan.ok ? { by: 'barcode', barcode: scan.barcode } : fields.fail('barcode', scan.message);
}

/** Validates a usage body against the clock `now`; throws one 400 naming every invalid field. */
export function parseRecordUsage(body: unknown, now: Date): RecordUsageRequest {
  const fields = new FieldReader(body, [
    'usageId',
    'encounterId',
    ...ITEM_FIELDS,
    'quantity',
    'unitOfMeasure',
    'unitId',
    'usedAt',
    'recordedBy',
  ]);
  const usageId = fields.uuid('usageId');
  const encounterId = fields.text('encounterId', ENCOUNTER_ID_RULE);
  const item = readItemRef(fields, now);
  const quantity = fields.integer('quantity', { required: true, min: 1, max: MAX_QUANTITY });
  const unitOfMeasure = fields.text('unitOfMeasure', { ...UOM_RULE, required: false });
  const unitId = fields.text('unitId', UNIT_ID_RULE);
  const usedAt = fields.timestamp('usedAt') ?? now;
  if (usedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    fields.fail('usedAt', 'must not be more than 5 minutes in the future');
  }
  const recordedBy = fields.text('recordedBy', STAFF_ID_RULE) ?? null;
  return fields.complete(
    { usageId, encounterId, item, quantity, unitOfMeasure, unitId, usedAt, recordedBy },
    'encounterId',
    'item',
    'quantity',
    'unitId',
  );
}

/** The `:usageId` of a path, lower-cased, or a 400 naming it. */
export function parseUsageIdParam(usageId: string): string {
  const fields = new FieldReader({ usageId }, ['usageId']);
  return fields.complete({ usageId: fields.uuid('usageId', true) }, 'usageId').usageId;
}

/** `POST /usage/:usageId/void` with an optional `{ reason }`, by the caller. */
export interface VoidUsageRequest {
  readonly reason: string;
  /** The caller (`actorOf`): never the body's say. */
  readonly voidedBy: string;
}

export function parseVoidUsage(body: unknown, caller: Caller): VoidUsageRequest {
  const fields = new FieldReader(body ?? {}, ['reason', 'voidedBy']);
  fields.refuseActor('voidedBy');
  return fields.complete({
    reason: fields.text('reason', { max: 200 }) ?? DEFAULT_VOID_REASON,
    voidedBy: actorOf(caller),
  });
}

/** `GET /usage?encounterId=` */
export function parseListUsageQuery(query: unknown): { readonly encounterId: string } {
  const fields = new FieldReader(query, ['encounterId']);
  return fields.complete(
    { encounterId: fields.text('encounterId', ENCOUNTER_ID_RULE) },
    'encounterId',
  );
}
