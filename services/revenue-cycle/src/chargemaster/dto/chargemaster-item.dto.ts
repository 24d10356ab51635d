import { ApiProperty } from '@nestjs/swagger';
import { CHARGEMASTER_KINDS } from '../chargemaster-item.entity.js';
import type { ChargemasterItem, ChargemasterKind } from '../chargemaster-item.entity.js';

export class ChargemasterItemDto {
  @ApiProperty({ example: '3240001', description: 'Chargemaster (CDM) code' })
  cdmCode!: string;

  @ApiProperty({ example: 'XR CHEST 2 VIEWS' })
  description!: string;

  @ApiProperty({ example: '0324', description: 'UB-04 revenue code, 4 digits' })
  revenueCode!: string;

  @ApiProperty({ type: String, nullable: true, example: '71046', description: 'CPT or HCPCS code' })
  cptHcpcsCode!: string | null;

  @ApiProperty({ example: '310.00', description: 'Price per unit (decimal string, USD)' })
  unitPrice!: string;

  @ApiProperty()
  active!: boolean;

  @ApiProperty({ enum: CHARGEMASTER_KINDS })
  kind!: ChargemasterKind;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '4W',
    description: 'Unit of a room & board row',
  })
  unitId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ITM-1003',
    description: 'Item master id of a supply',
  })
  itemId!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'BWH',
    description: 'The facility whose price this is; null for a network-wide row',
  })
  facilityId!: string | null;
}

export class ChargemasterListDto {
  @ApiProperty({ type: [ChargemasterItemDto] })
  items!: ChargemasterItemDto[];
}

export function toChargemasterItemDto(item: ChargemasterItem): ChargemasterItemDto {
  return {
    cdmCode: item.cdmCode,
    description: item.description,
    revenueCode: item.revenueCode,
    cptHcpcsCode: item.cptHcpcsCode,
    unitPrice: item.unitPrice,
    active: item.active,
    kind: item.kind,
    unitId: item.unitId,
    itemId: item.itemId,
    facilityId: item.facilityId,
  };
}
