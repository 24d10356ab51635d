import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CENTS_COLUMN } from '../ledger/cents-column.js';

export const PO_STATUSES = ['OPEN', 'MATCHED', 'APPROVED', 'CANCELLED'] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

/** What a deferred MatchSupplierInvoice waits for. */
export type MatchWaitingFor = 'INVOICE' | 'CREDIT_MEMO';

/**
 * A purchase order (bill-only for an implant used from consignment stock). The `match*` columns
 * keep the MatchSupplierInvoice answered later, the `receipt*` ones its usage-as-receipt.
 */
@Entity({ name: 'p2p_purchase_order' })
export class PurchaseOrder {
  /** `PO-<yyyy>-<6 digits>`. */
  @PrimaryColumn({ name: 'po_number', type: 'text' })
  poNumber!: string;

  @Column({ name: 'supplier_id', type: 'text' })
  supplierId!: string;

  @Column({ name: 'bill_only', type: 'boolean' })
  billOnly!: boolean;

  @Column({ type: 'text' })
  status!: PoStatus;

  @Column({ name: 'cost_center', type: 'text' })
  costCenter!: string;

  @Column({ name: 'encounter_id', type: 'text', nullable: true })
  encounterId!: string | null;

  @Column({ name: 'usage_id', type: 'uuid', nullable: true })
  usageId!: string | null;

  @Column({ name: 'saga_id', type: 'uuid', nullable: true })
  sagaId!: string | null;

  @Column({
    name: 'total_amount',
    type: 'numeric',
    precision: 14,
    scale: 2,
    transformer: CENTS_COLUMN,
  })
  totalCents!: number;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'ordered_at', type: 'timestamptz' })
  orderedAt!: Date;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason!: string | null;

  @Column({ name: 'match_saga_id', type: 'uuid', nullable: true })
  matchSagaId!: string | null;

  @Column({ name: 'match_step_name', type: 'text', nullable: true })
  matchStepName!: string | null;

  @Column({ name: 'match_command_message_id', type: 'uuid', nullable: true })
  matchCommandMessageId!: string | null;

  @Column({ name: 'match_waiting_for', type: 'text', nullable: true })
  matchWaitingFor!: MatchWaitingFor | null;

  @Column({ name: 'receipt_usage_id', type: 'uuid', nullable: true })
  receiptUsageId!: string | null;

  @Column({ name: 'receipt_quantity', type: 'int', nullable: true })
  receiptQuantity!: number | null;
}

@Entity({ name: 'p2p_purchase_order_line' })
export class PurchaseOrderLine {
  @PrimaryColumn({ name: 'po_number', type: 'text' })
  poNumber!: string;

  @PrimaryColumn({ name: 'line_number', type: 'int' })
  lineNumber!: number;

  @Column({ name: 'item_id', type: 'text' })
  itemId!: string;

  @Column({ name: 'supplier_item_number', type: 'text', nullable: true })
  supplierItemNumber!: string | null;

  @Column({ type: 'text', nullable: true })
  gtin!: string | null;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ name: 'unit_of_measure', type: 'text' })
  unitOfMeasure!: string;

  @Column({
    name: 'contract_unit_price',
    type: 'numeric',
    precision: 14,
    scale: 2,
    transformer: CENTS_COLUMN,
  })
  unitPriceCents!: number;

  @Column({
    name: 'line_amount',
    type: 'numeric',
    precision: 14,
    scale: 2,
    transformer: CENTS_COLUMN,
  })
  lineAmountCents!: number;

  @Column({ name: 'contract_id', type: 'text', nullable: true })
  contractId!: string | null;

  @Column({ name: 'lot_number', type: 'text', nullable: true })
  lotNumber!: string | null;

  @Column({ name: 'serial_number', type: 'text', nullable: true })
  serialNumber!: string | null;

  @Column({ name: 'usage_id', type: 'uuid', nullable: true })
  usageId!: string | null;
}
