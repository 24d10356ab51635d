import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** An item as `PUT /items/:itemId` takes it, and as one element (or CSV row) of an import. */
export class ItemRequestDto {
  @ApiPropertyOptional({
    example: 'ITM-1002',
    description: 'Required in an import; a PUT may repeat the path’s',
  })
  itemId?: string;

  @ApiProperty({ example: 'CENTRAL LINE KIT TRIPLE LUMEN', maxLength: 200 })
  description!: string;

  @ApiProperty({ example: 'EA', description: 'Unit of measure (X12 355 / GS1), 2-3 capitals' })
  unitOfMeasure!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['00884521234560', '10884521234567'],
    description:
      'GTIN-8/12/13/14 of the item’s packages with a valid GS1 check digit, stored as GTIN-14; ' +
      'each GTIN on one item only (409 otherwise). The first one is recorded for usages by item ' +
      'id. In CSV one cell separated by | (00884521234560|10884521234567). None for floor stock ' +
      'without a barcode.',
  })
  gtins?: string[];

  @ApiPropertyOptional({ example: 'C1776', description: 'HCPCS Level II code' })
  hcpcsCode?: string;

  @ApiPropertyOptional({
    example: '2720002',
    description:
      'CDM code (7-10 digits) of the chargemaster; absent for floor stock (not chargeable)',
  })
  chargeCode?: string;

  @ApiProperty({
    example: '96.50',
    description: 'Hospital cost per unit of measure, up to 2 decimals',
  })
  unitCost!: string;

  @ApiPropertyOptional({ default: true, description: 'Inactive items refuse new usages' })
  active?: boolean;

  @ApiPropertyOptional({
    default: false,
    description: 'Captured by the implant scan (implant-to-invoice), never by POST /usage',
  })
  implant?: boolean;

  @ApiPropertyOptional({ example: 'Stryker', maxLength: 100 })
  manufacturer?: string;

  @ApiPropertyOptional({ example: 'Trident II Acetabular Shell', maxLength: 100 })
  model?: string;

  @ApiPropertyOptional({ example: 'SUP-STRYKER', description: 'Supplier of bill-only orders' })
  supplierId?: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Consignment stock (supplier-owned until used)',
  })
  consignment?: boolean;
}

export class ItemImportRequestDto {
  @ApiProperty({ type: [ItemRequestDto], description: 'Or the body a bare array, or text/csv' })
  items!: ItemRequestDto[];
}

export class ItemImportResultDto {
  @ApiProperty({ example: 12, description: 'Items that did not exist before' })
  created!: number;

  @ApiProperty({ example: 3, description: 'Items replaced' })
  replaced!: number;
}

export class ItemDto {
  @ApiProperty({ example: 'ITM-1002' })
  itemId!: string;

  @ApiProperty({ example: 'CENTRAL LINE KIT TRIPLE LUMEN' })
  description!: string;

  @ApiProperty({ example: 'EA', description: 'Unit of measure (X12 355 / GS1)' })
  unitOfMeasure!: string;

  @ApiProperty({
    type: [String],
    example: ['00884521234560'],
    description: 'GS1 GTIN-14s of its packages; empty for items without a GS1 barcode',
  })
  gtins!: string[];

  @ApiProperty({ description: 'Patient-chargeable through the chargemaster (has a chargeCode)' })
  chargeable!: boolean;

  @ApiProperty({ type: String, nullable: true, example: '2720002', description: 'CDM code' })
  chargeCode!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'HCPCS Level II code' })
  hcpcsCode!: string | null;

  @ApiProperty({ description: 'Inactive items refuse new usages' })
  active!: boolean;

  @ApiProperty({ description: 'Implants are captured with the implant scan, not POST /usage' })
  implant!: boolean;

  @ApiProperty({ type: String, nullable: true, example: null })
  manufacturer!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  model!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  supplierId!: string | null;

  @ApiProperty({ description: 'Consignment stock (supplier-owned until used)' })
  consignment!: boolean;

  @ApiProperty({ example: '96.50', description: 'Hospital cost per unit of measure (decimal)' })
  unitCost!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;
}

export class ItemListDto {
  @ApiProperty({ type: [ItemDto] })
  items!: ItemDto[];
}
