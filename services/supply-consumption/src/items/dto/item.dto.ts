import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ISSUING_AGENCIES } from '../device-identifier.js';
import type { IssuingAgency } from '../device-identifier.js';

/** One UDI device identifier of an item, unique per issuing agency in the item master. */
export class DeviceIdentifierDto {
  @ApiProperty({ enum: ISSUING_AGENCIES, example: 'HIBCC' })
  issuingAgency!: IssuingAgency;

  @ApiProperty({
    example: 'H123PART0011',
    description:
      'GS1: GTIN-8/12/13/14 with a valid check digit (stored as GTIN-14). HIBCC: labeler code (4, a letter first) + product number (1-18) + unit of measure digit, without + and check character. ICCBBA: ISBT 128 processor product identification code (16: FIN, product code, product description code) without =/',
  })
  deviceIdentifier!: string;
}

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

  @ApiPropertyOptional({
    type: [DeviceIdentifierDto],
    description:
      'UDI device identifiers of any issuing agency (GS1, HIBCC, ICCBBA), each validated for its ' +
      'agency and on one item only (409 otherwise); GS1 ones join gtins. In CSV one cell of ' +
      'AGENCY:identifier separated by | (HIBCC:H123PART0011|ICCBBA:A9999XYZ100T0944).',
  })
  deviceIdentifiers?: DeviceIdentifierDto[];

  @ApiPropertyOptional({
    example: 'C1776',
    description: 'HCPCS Level II code: section letter and 4 digits (device C-codes such as C1776)',
  })
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

  @ApiPropertyOptional({
    example: 'SUP-STRYKER',
    description: 'Supplier of bill-only orders; required for an implant and for consignment stock',
  })
  supplierId?: string;

  @ApiPropertyOptional({
    example: '500-01-52',
    description: 'The supplier’s catalogue (REF) number, quoted on bill-only orders',
  })
  supplierItemNumber?: string;

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

  @ApiProperty({
    type: [DeviceIdentifierDto],
    description: 'Every UDI device identifier of the item, its GTINs (GS1) first',
  })
  deviceIdentifiers!: DeviceIdentifierDto[];

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

  @ApiProperty({ type: String, nullable: true, example: null })
  supplierItemNumber!: string | null;

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
