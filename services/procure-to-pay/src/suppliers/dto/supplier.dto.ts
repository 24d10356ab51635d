import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SupplierDto {
  @ApiProperty({ example: 'SUP-STRYKER' })
  supplierId!: string;

  @ApiProperty({ example: 'Stryker Orthopaedics' })
  name!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 30,
    description: 'Net payment terms, days',
  })
  paymentTermsDays!: number | null;
}

export class SupplierListDto {
  @ApiProperty({ type: [SupplierDto], description: 'By supplier id' })
  items!: SupplierDto[];
}

export class SupplierRequestDto {
  @ApiPropertyOptional({ example: 'SUP-STRYKER', description: 'Required in an import' })
  supplierId?: string;

  @ApiProperty({ example: 'Stryker Orthopaedics', maxLength: 100 })
  name!: string;

  @ApiPropertyOptional({ example: 30, minimum: 0, maximum: 365 })
  paymentTermsDays?: number;
}

export class SupplierImportDto {
  @ApiProperty({ type: [SupplierRequestDto] })
  items!: SupplierRequestDto[];
}

export class ContractPriceDto {
  @ApiProperty({ example: 'SUP-STRYKER' })
  supplierId!: string;

  @ApiProperty({ example: 'ITEM-HIP-STEM-12' })
  itemId!: string;

  @ApiProperty({ example: 'GPO-VIZIENT-2026-ORTHO' })
  contractId!: string;

  @ApiProperty({ example: '2450.00', description: 'Decimal text, 2 decimals' })
  unitPrice!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ example: 'EA' })
  unitOfMeasure!: string;

  @ApiProperty({ example: '2026-01-01' })
  effectiveFrom!: string;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-31', description: 'Inclusive' })
  effectiveTo!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '6260-4-512' })
  supplierItemNumber!: string | null;
}

export class ContractPriceListDto {
  @ApiProperty({ type: [ContractPriceDto], description: 'By supplier, item, effectiveFrom' })
  items!: ContractPriceDto[];
}

export class ContractPriceRequestDto {
  @ApiPropertyOptional({ example: 'SUP-STRYKER', description: 'Required in an import' })
  supplierId?: string;

  @ApiPropertyOptional({ example: 'ITEM-HIP-STEM-12', description: 'Required in an import' })
  itemId?: string;

  @ApiProperty({ example: 'GPO-VIZIENT-2026-ORTHO' })
  contractId!: string;

  @ApiProperty({ example: '2450.00', description: 'Decimal text (never a JSON number)' })
  unitPrice!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ example: 'EA' })
  unitOfMeasure!: string;

  @ApiProperty({ example: '2026-01-01' })
  effectiveFrom!: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  effectiveTo?: string;

  @ApiPropertyOptional({ example: '6260-4-512' })
  supplierItemNumber?: string;
}

export class ContractPriceImportDto {
  @ApiProperty({ type: [ContractPriceRequestDto] })
  items!: ContractPriceRequestDto[];
}
