import { ApiProperty } from '@nestjs/swagger';

export class ItemDto {
  @ApiProperty({ example: 'ITM-1002' })
  itemId!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '00884521234560',
    description: 'GS1 GTIN-14; null for items without a GS1 barcode',
  })
  gtin!: string | null;

  @ApiProperty({ example: 'CENTRAL LINE KIT TRIPLE LUMEN' })
  description!: string;

  @ApiProperty({ example: 'EA', description: 'Unit of measure (X12 355 / GS1)' })
  unitOfMeasure!: string;

  @ApiProperty({ description: 'Patient-chargeable through the chargemaster' })
  chargeable!: boolean;

  @ApiProperty({ type: String, nullable: true, example: '2720002', description: 'CDM code' })
  chargeCode!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'HCPCS Level II code' })
  hcpcsCode!: string | null;

  @ApiProperty({ description: 'Implants are captured with the implant scan, not POST /usage' })
  implant!: boolean;

  @ApiProperty({ example: '96.50', description: 'Hospital cost per unit of measure (decimal)' })
  unitCost!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;
}

export class ItemListDto {
  @ApiProperty({ type: [ItemDto] })
  items!: ItemDto[];
}
