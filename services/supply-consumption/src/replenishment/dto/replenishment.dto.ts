import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ISSUING_AGENCIES } from '../../items/device-identifier.js';
import type { IssuingAgency } from '../../items/device-identifier.js';
import { REPLENISHMENT_STATUSES } from '../replenishment.store.js';
import type { ReplenishmentStatus } from '../replenishment.store.js';

export class ReplenishmentRequestDto {
  @ApiProperty({ format: 'uuid' })
  replenishmentRequestId!: string;

  @ApiProperty({ format: 'uuid', description: 'The implant usage that took the stock' })
  usageId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sagaId!: string | null;

  @ApiProperty({ example: 'SUP-STRYKER' })
  supplierId!: string;

  @ApiProperty({ example: 'ITM-7001' })
  itemId!: string;

  @ApiProperty({ enum: ISSUING_AGENCIES })
  issuingAgency!: IssuingAgency;

  @ApiProperty({ example: '00884521987657' })
  deviceIdentifier!: string;

  @ApiProperty({ example: 1 })
  quantity!: number;

  @ApiProperty({ example: 'EA' })
  unitOfMeasure!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'OR',
    description:
      'Stock location to restock; null until the receipt names it when the usage had none',
  })
  locationId!: string | null;

  @ApiProperty({ example: 'PO-2026-000123', description: 'The bill-only purchase order' })
  poNumber!: string;

  @ApiProperty({ enum: REPLENISHMENT_STATUSES })
  status!: ReplenishmentStatus;

  @ApiProperty({ example: '2026-12-05T14:30:00.000Z' })
  requestedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  receivedAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'j.miller',
    description:
      "Who received it: the caller of the receipt (the token's preferred_username, else its subject)",
  })
  receivedBy!: string | null;
}

export class ReplenishmentListDto {
  @ApiProperty({ type: [ReplenishmentRequestDto] })
  replenishments!: ReplenishmentRequestDto[];
}

/** The body of a receipt (who received it is the caller: `receivedBy` is not a field of it). */
export class ReceiptRequestDto {
  @ApiPropertyOptional({
    example: 'OR',
    description: 'Where the restock was put: required when the request names no location',
  })
  locationId?: string;
}
