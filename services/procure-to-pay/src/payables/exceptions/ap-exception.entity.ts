import type { MatchExceptionReason } from '@meridian/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const EXCEPTION_STATUSES = [
  'OPEN',
  'AWAITING_CREDIT_MEMO',
  'RESOLVED_ACCEPTED',
  'RESOLVED_REJECTED',
  'RESOLVED_MATCHED',
] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

/** Statuses of an exception still in the AP queue (one per invoice at most). */
export const UNRESOLVED: readonly ExceptionStatus[] = ['OPEN', 'AWAITING_CREDIT_MEMO'];

export type ExceptionReason = Exclude<MatchExceptionReason, 'UNKNOWN'>;
export const EXCEPTION_REASONS = [
  'PRICE_VARIANCE',
  'QUANTITY_VARIANCE',
  'NO_RECEIPT',
  'NO_PO',
] as const satisfies readonly ExceptionReason[];

/** A MatchVariance as stored (amounts as decimal texts). */
export interface StoredVariance {
  readonly reason: ExceptionReason;
  readonly invoiceLineNumber: number | null;
  readonly poLineNumber: number | null;
  readonly expectedUnitPrice: string | null;
  readonly invoicedUnitPrice: string | null;
  readonly expectedQuantity: number | null;
  readonly invoicedQuantity: number | null;
  readonly varianceAmount: string;
}

/**
 * An invoice in the AP exception queue: OPEN until a clerk decides (RESOLVED_ACCEPTED,
 * RESOLVED_REJECTED, AWAITING_CREDIT_MEMO then RESOLVED_MATCHED) or a later match of the same
 * invoice succeeds (RESOLVED_MATCHED: master data fixed, credit memo received).
 */
@Entity({ name: 'p2p_ap_exception' })
export class ApException {
  @PrimaryColumn({ name: 'exception_id', type: 'uuid' })
  exceptionId!: string;

  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @Column({ name: 'po_number', type: 'text', nullable: true })
  poNumber!: string | null;

  @Column({ name: 'supplier_id', type: 'text' })
  supplierId!: string;

  @Column({ type: 'text' })
  reason!: ExceptionReason;

  @Column({ type: 'jsonb' })
  variances!: StoredVariance[];

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'text' })
  status!: ExceptionStatus;

  @Column({ name: 'raised_at', type: 'timestamptz' })
  raisedAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy!: string | null;

  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote!: string | null;

  @Column({ name: 'saga_id', type: 'uuid', nullable: true })
  sagaId!: string | null;
}
