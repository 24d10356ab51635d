import { actorOf, requireUuid } from '@meridian/service-kit';
import type { Caller } from '@meridian/service-kit';
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

/** `POST /replenishments/:id/receive` `{ locationId? }` (an empty body is `{}`), by the caller. */
export interface ReceiptRequest {
  /** Where the restock was put: required when the request names no location. */
  readonly locationId: string | undefined;
  /** The caller (`actorOf`): never the body's say. */
  readonly receivedBy: string;
}

export function parseReceipt(
  replenishmentRequestId: string,
  body: unknown,
  caller: Caller,
): {
  readonly replenishmentRequestId: string;
  readonly receipt: ReceiptRequest;
} {
  const id = requireUuid('replenishmentRequestId', replenishmentRequestId);
  const fields = new FieldReader(body ?? {}, ['locationId', 'receivedBy']);
  fields.refuseActor('receivedBy');
  const receipt = fields.complete({
    locationId: fields.text('locationId', { ...UNIT_ID_RULE, required: false }),
    receivedBy: actorOf(caller),
  });
  return { replenishmentRequestId: id, receipt };
}
