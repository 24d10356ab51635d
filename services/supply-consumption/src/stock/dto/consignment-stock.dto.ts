import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A count as `PUT /consignment-stock/:locationId/:itemId` takes it, and one row of an import. */
export class StockCountRequestDto {
  @ApiProperty({
    example: 'SUP-STRYKER',
    description: 'Supplier that owns the stock: the item’s supplier in the item master',
  })
  supplierId!: string;

  @ApiPropertyOptional({
    example: 'OR',
    description: 'Stock location (the unit implant usages record); required in an import',
  })
  locationId?: string;

  @ApiPropertyOptional({
    example: 'ITM-7001',
    description: 'A consignment item of the item master; required in an import',
  })
  itemId?: string;

  @ApiProperty({ example: 4, minimum: 0, description: 'Devices counted at the location' })
  quantityOnHand!: number;

  @ApiPropertyOptional({
    example: 6,
    minimum: 0,
    description: 'Quantity the supplier keeps the location stocked to',
  })
  parLevel?: number;
}

export class StockImportRequestDto {
  @ApiProperty({ type: [StockCountRequestDto], description: 'Or a bare array, or text/csv' })
  stock!: StockCountRequestDto[];
}

export class StockImportResultDto {
  @ApiProperty({ example: 12, description: 'Rows that did not exist before' })
  created!: number;

  @ApiProperty({ example: 3, description: 'Rows whose count was replaced' })
  replaced!: number;
}

export class StockDto {
  @ApiProperty({ example: 'SUP-STRYKER' })
  supplierId!: string;

  @ApiProperty({ example: 'OR' })
  locationId!: string;

  @ApiProperty({ example: 'ITM-7001' })
  itemId!: string;

  @ApiProperty({
    example: 3,
    description:
      'Counted quantity, less confirmed implants, plus reversals and received restocks; below zero when more were used than counted',
  })
  quantityOnHand!: number;

  @ApiProperty({ type: Number, nullable: true, example: 6 })
  parLevel!: number | null;

  @ApiProperty({
    description:
      'The count is below zero: devices were used that the count did not have (count the location again)',
  })
  countDiscrepancy!: boolean;

  @ApiProperty({ description: 'Below the par level' })
  belowPar!: boolean;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-01T07:00:00.000Z' })
  countedAt!: string | null;

  @ApiProperty({ example: '2026-12-05T14:30:00.000Z' })
  updatedAt!: string;
}

export class StockListDto {
  @ApiProperty({ type: [StockDto] })
  stock!: StockDto[];
}
