import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export const UDI_ISSUING_AGENCIES = ['GS1', 'HIBCC', 'ICCBBA'] as const;
export type UdiIssuingAgencyCode = (typeof UDI_ISSUING_AGENCIES)[number];

export const IMPLANT_USAGE_SOURCES = ['SCAN', 'FHIR_PROCEDURE'] as const;
export type ImplantUsageSourceCode = (typeof IMPLANT_USAGE_SOURCES)[number];

/**
 * CAPTURED (stored, ImplantUsed published) → CONFIRMED (ConfirmImplantUsage: item resolved, stock
 * decremented) → REPLENISHMENT_REQUESTED (the saga's last step: the saga is complete).
 * REVERSED: the saga compensated (ReverseImplantUsage restored the stock). NOT_IMPLANTED: opened
 * and wasted, set at once by the reversal; the saga goes on (the supplier is still owed).
 */
export const IMPLANT_USAGE_STATUSES = [
  'CAPTURED',
  'CONFIRMED',
  'REPLENISHMENT_REQUESTED',
  'REVERSED',
  'NOT_IMPLANTED',
] as const;
export type ImplantUsageStatus = (typeof IMPLANT_USAGE_STATUSES)[number];

/** The reasons a user reverses a usage for (ImplantReversalReason without the saga's own). */
export const IMPLANT_REVERSAL_REASONS = [
  'SCANNED_IN_ERROR',
  'NOT_IMPLANTED',
  'WRONG_ENCOUNTER',
] as const;
export type ImplantReversalReasonCode = (typeof IMPLANT_REVERSAL_REASONS)[number];
/** A usage's recorded reversal: a user's, or the saga's compensation of a usage no user reversed. */
export type RecordedReversalReason = ImplantReversalReasonCode | 'SAGA_COMPENSATION';

/** A documented decision to implant a device under an active recall (JSON: `overriddenAt` ISO). */
export interface StoredRecallOverride {
  readonly recallNumber: string;
  readonly reason: string;
  readonly overriddenBy: string;
  readonly overriddenAt: string;
}

/**
 * The serial of a usage still in the patient (or pending) may not be captured again: one usage of
 * a serialised device unless it was reversed, or its reversal (scanned in error, wrong encounter)
 * was asked for and waits for the saga's compensation. A NOT_IMPLANTED device was opened and
 * wasted: its serial stays taken.
 */
export const IMPLANT_SERIAL_IN_USE_INDEX = 'implant_usage_serial_in_use';

/**
 * One implant used at the point of care (a UDI scan or a FHIR Procedure focalDevice). It starts
 * the implant-to-invoice saga (ImplantUsed); the saga's command handlers move `status`,
 * `stockDecremented` and `sagaId`.
 *
 * A reversal asked for by a user records `reversalReason` and `reversedAt` at once; for
 * SCANNED_IN_ERROR and WRONG_ENCOUNTER the status becomes REVERSED when the saga's compensation
 * (ReverseImplantUsage) has run, for NOT_IMPLANTED the status is NOT_IMPLANTED at once.
 */
@Entity({ name: 'implant_usage' })
@Index('implant_usage_device_lot', ['deviceIdentifier', 'lotNumber'])
@Index('implant_usage_encounter', ['encounterId', 'usedAt'])
@Index(IMPLANT_SERIAL_IN_USE_INDEX, ['issuingAgency', 'deviceIdentifier', 'serialNumber'], {
  unique: true,
  where: `serial_number IS NOT NULL AND status <> 'REVERSED' AND (reversal_reason IS NULL OR reversal_reason = 'NOT_IMPLANTED')`,
})
export class ImplantUsage {
  /** Chosen by the client for safe retries, or generated. */
  @PrimaryColumn({ name: 'usage_id', type: 'uuid' })
  usageId!: string;

  /** `<authority>:<visit>`. */
  @Column({ name: 'encounter_id', type: 'text' })
  encounterId!: string;

  @Column({ name: 'issuing_agency', type: 'text' })
  issuingAgency!: UdiIssuingAgencyCode;

  @Column({ name: 'device_identifier', type: 'text' })
  deviceIdentifier!: string;

  @Column({ name: 'lot_number', type: 'text', nullable: true })
  lotNumber!: string | null;

  @Column({ name: 'serial_number', type: 'text', nullable: true })
  serialNumber!: string | null;

  /** `YYYY-MM-DD`. */
  @Column({ name: 'expiration_date', type: 'date', nullable: true })
  expirationDate!: string | null;

  /** `YYYY-MM-DD`. */
  @Column({ name: 'manufacture_date', type: 'date', nullable: true })
  manufactureDate!: string | null;

  /** Item master id; null while the device identifier is unknown (the saga waits for it). */
  @Column({ name: 'item_id', type: 'text', nullable: true })
  itemId!: string | null;

  @Column({ name: 'supplier_id', type: 'text', nullable: true })
  supplierId!: string | null;

  /** Supplier-owned consignment stock (bill-only PO and replenishment follow). */
  @Column({ type: 'boolean' })
  consignment!: boolean;

  @Column({ type: 'int' })
  quantity!: number;

  /** Where it was used: the consignment stock location (OR, CATH, ...). */
  @Column({ name: 'unit_id', type: 'text', nullable: true })
  unitId!: string | null;

  @Column({ name: 'implanting_surgeon_npi', type: 'text' })
  implantingSurgeonNpi!: string;

  @Column({ name: 'procedure_ref', type: 'text', nullable: true })
  procedureRef!: string | null;

  @Column({ name: 'used_at', type: 'timestamptz' })
  usedAt!: Date;

  @Column({ type: 'text' })
  source!: ImplantUsageSourceCode;

  /** The FHIR Procedure id (or scan event id) the usage was built from. */
  @Column({ name: 'source_reference', type: 'text', nullable: true })
  sourceReference!: string | null;

  @Column({ type: 'text' })
  status!: ImplantUsageStatus;

  @Column({ name: 'recall_override', type: 'jsonb', nullable: true })
  recallOverride!: StoredRecallOverride | null;

  /** Set by ConfirmImplantUsage, cleared when ReverseImplantUsage restores the stock. */
  @Column({ name: 'stock_decremented', type: 'boolean', default: false })
  stockDecremented!: boolean;

  /** The implant-to-invoice saga, known from its first command. */
  @Column({ name: 'saga_id', type: 'uuid', nullable: true })
  sagaId!: string | null;

  @Column({ name: 'reversal_reason', type: 'text', nullable: true })
  reversalReason!: RecordedReversalReason | null;

  @Column({ name: 'reversal_note', type: 'text', nullable: true })
  reversalNote!: string | null;

  /** When the reversal was asked for. */
  @Column({ name: 'reversed_at', type: 'timestamptz', nullable: true })
  reversedAt!: Date | null;

  /** Fingerprint of the capture request: a retry with the same usageId must carry the same one. */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
