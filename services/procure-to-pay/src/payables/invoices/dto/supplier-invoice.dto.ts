import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DOCUMENT_TYPES, INVOICE_STATUSES } from '../supplier-invoice.entities.js';
import type { DocumentType, InvoiceStatus } from '../supplier-invoice.entities.js';

export class SupplierInvoiceLineDto {
  @ApiProperty({ example: 1 })
  lineNumber!: number;

  @ApiProperty({ type: Number, nullable: true })
  poLineNumber!: number | null;

  @ApiProperty({ type: String, nullable: true })
  supplierItemNumber!: string | null;

  @ApiProperty({ type: String, nullable: true })
  gtin!: string | null;

  @ApiProperty({ example: 1 })
  quantity!: number;

  @ApiProperty({ example: 'EA' })
  unitOfMeasure!: string;

  @ApiProperty({ example: '2450.00' })
  unitPrice!: string;

  @ApiProperty({ example: '2450.00' })
  lineAmount!: string;

  @ApiProperty({ type: String, nullable: true })
  lotNumber!: string | null;

  @ApiProperty({ type: String, nullable: true })
  serialNumber!: string | null;
}

export class SupplierInvoiceDto {
  @ApiProperty({ format: 'uuid' })
  invoiceId!: string;

  @ApiProperty()
  supplierId!: string;

  @ApiProperty()
  supplierInvoiceNumber!: string;

  @ApiProperty({ enum: DOCUMENT_TYPES })
  documentType!: DocumentType;

  @ApiProperty({ example: '2026-03-02' })
  invoiceDate!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  poNumber!: string | null;

  @ApiProperty({ example: '0.00' })
  taxAmount!: string;

  @ApiProperty({ example: '2450.00' })
  totalAmount!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Given, or invoiceDate + supplier terms',
  })
  paymentDueDate!: string | null;

  @ApiProperty({ enum: INVOICE_STATUSES })
  status!: InvoiceStatus;

  @ApiProperty({ type: String, nullable: true, description: 'Accepted variance against the PO' })
  varianceAmount!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'AP clerk who accepted a variance' })
  overriddenBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  rejectedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  approvedAmount!: string | null;

  @ApiProperty({ type: String, nullable: true })
  costJournalId!: string | null;

  @ApiProperty({ type: [SupplierInvoiceLineDto] })
  lines!: SupplierInvoiceLineDto[];
}

export class SupplierInvoiceListDto {
  @ApiProperty({ type: [SupplierInvoiceDto], description: 'Newest first' })
  items!: SupplierInvoiceDto[];
}

export class SupplierInvoiceLineRequestDto {
  @ApiPropertyOptional({ description: 'From 1; the position when not given' })
  lineNumber?: number;

  @ApiPropertyOptional()
  poLineNumber?: number;

  @ApiPropertyOptional()
  supplierItemNumber?: string;

  @ApiPropertyOptional({ description: 'GTIN-8, 12, 13 or 14' })
  gtin?: string;

  @ApiProperty({ minimum: 1 })
  quantity!: number;

  @ApiProperty({ example: 'EA' })
  unitOfMeasure!: string;

  @ApiProperty({ example: '2450.00', description: 'Decimal text' })
  unitPrice!: string;

  @ApiPropertyOptional({ example: '2450.00', description: 'quantity x unitPrice when given' })
  lineAmount?: string;

  @ApiPropertyOptional()
  lotNumber?: string;

  @ApiPropertyOptional()
  serialNumber?: string;
}

export class SupplierInvoiceRequestDto {
  @ApiProperty({ example: 'SUP-STRYKER' })
  supplierId!: string;

  @ApiProperty({ example: 'INV-884211' })
  supplierInvoiceNumber!: string;

  @ApiPropertyOptional({ enum: DOCUMENT_TYPES, default: 'INVOICE' })
  documentType?: DocumentType;

  @ApiProperty({ example: '2026-03-02' })
  invoiceDate!: string;

  @ApiPropertyOptional({ example: 'PO-2026-000042' })
  poNumber?: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiPropertyOptional({ example: '0.00', default: '0.00' })
  taxAmount?: string;

  @ApiProperty({ example: '2450.00', description: 'Line amounts plus tax' })
  totalAmount!: string;

  @ApiPropertyOptional({ example: '2026-04-01' })
  paymentDueDate?: string;

  @ApiProperty({ type: [SupplierInvoiceLineRequestDto] })
  lines!: SupplierInvoiceLineRequestDto[];
}
