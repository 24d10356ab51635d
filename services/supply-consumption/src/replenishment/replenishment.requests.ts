import { requireUuid } from '@meridian/service-kit';
import { FieldReader } from '../common/field-reader.js';
import { SUPPLIER_ID_RULE } from '../items/items.requests.js';
import { UNIT_ID_RULE } from '../usage/usage.requests.js';
import { REPLENISHMENT_STATUSES } from './replenishment.store.js';
import type { ReplenishmentFilter, ReplenishmentStatus } from './replenishment.store.js';

/** `GET /replenishments?supplierId=&status=&usageId=` */
export function parseReplenishmentQuery(query: unknown): ReplenishmentFilter {
  const fields = new FieldReader(query, ['supplierId', 'status', 'usageId']);
  const status = fields.text('status', {
    max: 20,
    pattern: new RegExp(`^(${REPLENISHMENT_STATUSES.join('|')})$`),
    patternMessage: `must be one of ${REPLENISHMENT_STATUSES.join(', ')}`,
  }) as ReplenishmentStatus | undefined;
  return fields.complete({
    supplierId: fields.text('supplierId', SUPPLIER_ID_RULE),
    status,
    usageId: fields.uuid('usageId'),
  });
}

/** `POST /replenishments/:id/receive` `{ locationId?, receivedBy? }` (an empty body is `{}`). */
export interface ReceiptRequest {
  /** Where the restock was put: required when the request names no location. */
  readonly locationId: string | undefined;
  readonly receivedBy: string | null;
}

export function parseReceipt(
  replenishmentRequestId: string,
  body: unknown,
): {
  readonly replenishmentRequestId: string;
  readonly receipt: ReceiptRequest;
} {
  const id = requireUuid('replenishmentRequestId', replenishmentRequestId);
  const fields = new FieldReader(body ?? {}, ['locationId', 'receivedBy']);
  const receipt = fields.complete({
    locationId: fields.text('locationId', { ...UNIT_ID_RULE, required: false }),
    receivedBy: fields.text('receivedBy', { max: 64 }) ?? null,
  });
  return { replenishmentRequestId: id, receipt };
}
