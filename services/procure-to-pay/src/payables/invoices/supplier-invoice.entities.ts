import type { InvoiceDocumentType } from '@meridian/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CENTS_COLUMN } from '../../ledger/cents-column.js';

export const INVOICE_STATUSES = [
  'RECEIVED',
  'MATCHED',
  'EXCEPTION',
  'REJECTED',
  'APPROVED',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const DOCUMENT_TYPES = [
  'INVOICE',
  'CREDIT_MEMO',
] as const satisfies readonly InvoiceDocumentType[];
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

const money = (name: string, nullable = false) =>
  Column({ name, type: 'numeric', precision: 14, scale: 2, transformer: CENTS_COLUMN, nullable });

/**
 * A supplier invoice or credit memo as accounts payable received it. RECEIVED until matched
 * (MATCHED), refused by the match (EXCEPTION), rejected by an AP clerk (REJECTED) or approved for
 * payment (APPROVED); a credit memo is MATCHED with the invoice it brought within tolerance.
 */
@Entity({ name: 'p2p_supplier_invoice' })
export class SupplierInvoice {
  @PrimaryColumn({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @Column({ name: 'supplier_id', type: 'text' })
  supplierId!: string;

  @Column({ name: 'supplier_invoice_number', type: 'text' })
  supplierInvoiceNumber!: string;

  @Column({ name: 'document_type', type: 'text' })
  documentType!: DocumentType;

  @Column({ name: 'invoice_date', type: 'date' })
  invoiceDate!: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'po_number', type: 'text', nullable: true })
  poNumber!: string | null;

  @money('tax_amount')
  taxCents!: number;

  @money('total_amount')
  totalCents!: number;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'payment_due_date', type: 'date', nullable: true })
  paymentDueDate!: string | null;

  @Column({ type: 'text' })
  status!: InvoiceStatus;

  @Column({ name: 'matched_at', type: 'timestamptz', nullable: true })
  matchedAt!: Date | null;

  @money('variance_amount', true)
  varianceCents!: number | null;

  @Column({ name: 'overridden_by', type: 'text', nullable: true })
  overriddenBy!: string | null;

  @Column({ name: 'rejected_at', type: 'timestamptz', nullable: true })
  rejectedAt!: Date | null;

  @Column({ name: 'rejected_by', type: 'text', nullable: true })
  rejectedBy!: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @money('approved_amount', true)
  approvedCents!: number | null;

  @Column({ name: 'cost_journal_id', type: 'text', nullable: true })
  costJournalId!: string | null;
}

@Entity({ name: 'p2p_supplier_invoice_line' })
export class SupplierInvoiceLine {
  @PrimaryColumn({ name: 'invoice_id', type: 'uuid' })
  invoiceId!: string;

  @PrimaryColumn({ name: 'line_number', type: 'int' })
  lineNumber!: number;

  @Column({ name: 'po_line_number', type: 'int', nullable: true })
  poLineNumber!: number | null;

  @Column({ name: 'supplier_item_number', type: 'text', nullable: true })
  supplierItemNumber!: string | null;

  @Column({ type: 'text', nullable: true })
  gtin!: string | null;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ name: 'unit_of_measure', type: 'text' })
  unitOfMeasure!: string;

  @money('unit_price')
  unitPriceCents!: number;

  @money('line_amount')
  lineAmountCents!: number;

  @Column({ name: 'lot_number', type: 'text', nullable: true })
  lotNumber!: string | null;

  @Column({ name: 'serial_number', type: 'text', nullable: true })
  serialNumber!: string | null;
}
