import { ApiProperty } from '@nestjs/swagger';
import { PO_STATUSES } from '../purchase-order.entities.js';
import type { PoStatus } from '../purchase-order.entities.js';

export class PurchaseOrderLineDto {
  @ApiProperty({ example: 1 })
  lineNumber!: number;

  @ApiProperty({ example: 'ITEM-HIP-STEM-12' })
  itemId!: string;

  @ApiProperty({ type: String, nullable: true })
  supplierItemNumber!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'GS1 GTIN-14 (GS1 UDIs only)' })
  gtin!: string | null;

  @ApiProperty({ example: 1 })
  quantity!: number;

  @ApiProperty({ example: 'EA' })
  unitOfMeasure!: string;

  @ApiProperty({ example: '2450.00' })
  contractUnitPrice!: string;

  @ApiProperty({ example: '2450.00' })
  lineAmount!: string;

  @ApiProperty({ type: String, nullable: true })
  contractId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  lotNumber!: string | null;

  @ApiProperty({ type: String, nullable: true })
  serialNumber!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  usageId!: string | null;
}

export class PurchaseOrderDto {
  @ApiProperty({ example: 'PO-2026-000042' })
  poNumber!: string;

  @ApiProperty()
  supplierId!: string;

  @ApiProperty()
  billOnly!: boolean;

  @ApiProperty({ enum: PO_STATUSES })
  status!: PoStatus;

  @ApiProperty({ example: 'CC-SURG', description: 'Mapped from the unit of use (see README)' })
  costCenter!: string;

  @ApiProperty({ type: String, nullable: true })
  encounterId!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  usageId!: string | null;

  @ApiProperty({ example: '2450.00' })
  totalAmount!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  orderedAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  cancelledAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancelReason!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['INVOICE', 'CREDIT_MEMO'],
    description: 'What a deferred MatchSupplierInvoice of the PO waits for; null when none waits',
  })
  awaiting!: string | null;

  @ApiProperty({ type: [PurchaseOrderLineDto] })
  lines!: PurchaseOrderLineDto[];
}

export class PurchaseOrderListDto {
  @ApiProperty({ type: [PurchaseOrderDto], description: 'Newest first' })
  items!: PurchaseOrderDto[];
}
