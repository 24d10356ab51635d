// Replenishment requests: written by implant-to-invoice's RequestReplenishment, listed and
// received over HTTP. Plain SQL in the caller's transaction.
import type { EntityManager } from 'typeorm';
import type { IssuingAgency } from '../items/device-identifier.js';

export const REPLENISHMENT_STATUSES = ['REQUESTED', 'RECEIVED'] as const;
export type ReplenishmentStatus = (typeof REPLENISHMENT_STATUSES)[number];

/** A restock of consignment stock asked of its supplier for one implant usage. */
export interface ReplenishmentRequest {
  readonly replenishmentRequestId: string;
  readonly usageId: string;
  readonly sagaId: string | null;
  readonly supplierId: string;
  readonly itemId: string;
  readonly issuingAgency: IssuingAgency;
  readonly deviceIdentifier: string;
  readonly quantity: number;
  readonly unitOfMeasure: string;
  /** The stock location to restock; null when the usage named none (given at receipt). */
  readonly locationId: string | null;
  readonly poNumber: string;
  readonly status: ReplenishmentStatus;
  readonly requestedAt: Date;
  readonly receivedAt: Date | null;
  readonly receivedBy: string | null;
}

export type ReplenishmentFilter = {
  readonly supplierId?: string | undefined;
  readonly status?: ReplenishmentStatus | undefined;
  readonly usageId?: string | undefined;
};

interface StoredRequest {
  readonly replenishment_request_id: string;
  readonly usage_id: string;
  readonly saga_id: string | null;
  readonly supplier_id: string;
  readonly item_id: string;
  readonly issuing_agency: IssuingAgency;
  readonly device_identifier: string;
  readonly quantity: number;
  readonly unit_of_measure: string;
  readonly location_id: string | null;
  readonly po_number: string;
  readonly status: ReplenishmentStatus;
  readonly requested_at: Date;
  readonly received_at: Date | null;
  readonly received_by: string | null;
}

const fromStored = (r: StoredRequest): ReplenishmentRequest => ({
  replenishmentRequestId: r.replenishment_request_id,
  usageId: r.usage_id,
  sagaId: r.saga_id,
  supplierId: r.supplier_id,
  itemId: r.item_id,
  issuingAgency: r.issuing_agency,
  deviceIdentifier: r.device_identifier,
  quantity: r.quantity,
  unitOfMeasure: r.unit_of_measure,
  locationId: r.location_id,
  poNumber: r.po_number,
  status: r.status,
  requestedAt: r.requested_at,
  receivedAt: r.received_at,
  receivedBy: r.received_by,
});

const COLUMNS = `replenishment_request_id, usage_id, saga_id, supplier_id, item_id, issuing_agency,
  device_identifier, quantity, unit_of_measure, location_id, po_number, status, requested_at,
  received_at, received_by`;

/** The requests matching every given filter, oldest first. */
export async function readReplenishments(
  manager: EntityManager,
  filter: ReplenishmentFilter,
): Promise<ReplenishmentRequest[]> {
  const stored: StoredRequest[] = await manager.query(
    `SELECT ${COLUMNS} FROM replenishment_request
      WHERE ($1::text IS NULL OR supplier_id = $1)
        AND ($2::text IS NULL OR status = $2)
        AND ($3::uuid IS NULL OR usage_id = $3)
      ORDER BY requested_at, replenishment_request_id`,
    [filter.supplierId ?? null, filter.status ?? null, filter.usageId ?? null],
  );
  return stored.map(fromStored);
}

/** The request, locked for update in the caller's transaction; null when there is none. */
export async function lockReplenishment(
  manager: EntityManager,
  replenishmentRequestId: string,
): Promise<ReplenishmentRequest | null> {
  const [stored]: StoredRequest[] = await manager.query(
    `SELECT ${COLUMNS} FROM replenishment_request WHERE replenishment_request_id = $1 FOR UPDATE`,
    [replenishmentRequestId],
  );
  return stored ? fromStored(stored) : null;
}

/** Stores a new request (status REQUESTED, nothing received). */
export async function insertReplenishment(
  manager: EntityManager,
  request: ReplenishmentRequest,
): Promise<void> {
  await manager.query(
    `INSERT INTO replenishment_request (${COLUMNS})
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'REQUESTED', $12, NULL, NULL)`,
    [
      request.replenishmentRequestId,
      request.usageId,
      request.sagaId,
      request.supplierId,
      request.itemId,
      request.issuingAgency,
      request.deviceIdentifier,
      request.quantity,
      request.unitOfMeasure,
      request.locationId,
      request.poNumber,
      request.requestedAt,
    ],
  );
}

/** Marks a request RECEIVED at `locationId`. */
export async function markReceived(
  manager: EntityManager,
  replenishmentRequestId: string,
  receipt: {
    readonly locationId: string;
    readonly receivedAt: Date;
    readonly receivedBy: string | null;
  },
): Promise<void> {
  await manager.query(
    `UPDATE replenishment_request
        SET status = 'RECEIVED', location_id = $2, received_at = $3, received_by = $4
      WHERE replenishment_request_id = $1`,
    [replenishmentRequestId, receipt.locationId, receipt.receivedAt, receipt.receivedBy],
  );
}
