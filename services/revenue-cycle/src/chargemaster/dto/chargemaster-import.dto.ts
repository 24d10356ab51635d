import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REVENUE_CODE_PATTERN } from '@meridian/contracts';
import { CHARGEMASTER_KINDS } from '../chargemaster-item.entity.js';
import type { ChargemasterKind } from '../chargemaster-item.entity.js';
import { MAX_IMPORT_ITEMS } from '../chargemaster.request.js';
import { ChargemasterItemDto } from './chargemaster-item.dto.js';

/** The columns of a row besides its CDM code (a row replaces the stored one whole). */
class ChargemasterRowFieldsDto {
  @ApiProperty({ example: 'R&B MED/SURG 7 NORTH SEMI-PRIVATE', maxLength: 200 })
  description!: string;

  @ApiProperty({
    example: '0120',
    pattern: REVENUE_CODE_PATTERN.source,
    description:
      'UB-04 (NUBC) revenue code: 0001 to 0999 with the leading zero, or 100X, 210X, 310X; 0100 to 0219 for ROOM_AND_BOARD',
  })
  revenueCode!: string;

  @ApiProperty({ enum: CHARGEMASTER_KINDS })
  kind!: ChargemasterKind;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: null,
    description:
      'CPT or HCPCS code: required for PROCEDURE, a HCPCS Level II code or null for SUPPLY and IMPLANT, null for ROOM_AND_BOARD',
  })
  cptHcpcsCode?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '7N',
    description:
      'Nursing unit (as ADT names it) a ROOM_AND_BOARD row prices per day: required for it, null for every other kind',
  })
  unitId?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: null,
    description: 'Item master id of a SUPPLY or IMPLANT; null for the other kinds',
  })
  itemId?: string | null;

  @ApiProperty({
    example: '2650.00',
    pattern: '^[0-9]{1,10}(\\.[0-9]{1,2})?$',
    description: 'Price per unit (per day for room and board), a decimal string in USD',
  })
  unitPrice!: string;

  @ApiPropertyOptional({
    default: true,
    description:
      'Whether pricing uses the row; one active row per unit, procedure code and item id at each facility (and one network-wide)',
  })
  active?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'BWH',
    maxLength: 32,
    description:
      'The facility whose price this is (as ADT names it, PV1-3.4); null or absent for a network-wide row, which prices every facility that has no row of its own for the unit, procedure code or item',
  })
  facilityId?: string | null;
}

/** `PUT /chargemaster/:cdmCode` */
export class ChargemasterRowRequestDto extends ChargemasterRowFieldsDto {
  @ApiPropertyOptional({
    example: '0110007',
    description: 'The CDM code of the path, which the body may repeat (or leave out)',
  })
  cdmCode?: string;
}

/** One row of `POST /chargemaster/import`. */
export class ChargemasterImportItemDto extends ChargemasterRowFieldsDto {
  @ApiProperty({ example: '0110007', description: 'CDM code, 7 to 10 digits' })
  cdmCode!: string;
}

/** `POST /chargemaster/import` */
export class ChargemasterImportRequestDto {
  @ApiProperty({
    type: [ChargemasterImportItemDto],
    minItems: 1,
    maxItems: MAX_IMPORT_ITEMS,
    description:
      'Rows created or replaced by CDM code, all in one transaction; no CDM code twice and no two active rows for one unit, procedure code or item id at one facility',
  })
  items!: ChargemasterImportItemDto[];
}

export class ChargemasterImportResultDto {
  @ApiProperty({ example: 1, description: 'Rows that did not exist before' })
  created!: number;

  @ApiProperty({ example: 0, description: 'Existing rows replaced' })
  replaced!: number;

  @ApiProperty({ type: [ChargemasterItemDto], description: 'The stored rows, in request order' })
  items!: ChargemasterItemDto[];
}
