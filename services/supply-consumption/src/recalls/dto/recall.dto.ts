import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ISSUING_AGENCIES } from '../../items/device-identifier.js';
import { RECALL_CLASSES } from '../recall.entity.js';

/** A recall as written (documentation: the controller validates the JSON itself). */
export class RecallRequestDto {
  @ApiProperty({
    example: 'Z-1234-2026',
    description: 'Recall number (letters, digits, . _ -); the path key of PUT',
  })
  recallNumber!: string;

  @ApiProperty({ enum: RECALL_CLASSES, example: 'II', description: 'FDA recall class' })
  recallClass!: string;

  @ApiPropertyOptional({ enum: ISSUING_AGENCIES, default: 'GS1' })
  issuingAgency?: string;

  @ApiProperty({
    example: '00884521234560',
    description:
      'UDI device identifier: GS1 GTIN (8/12/13/14, check digit verified, stored as GTIN-14), ' +
      'HIBCC labeler+product+unit of measure (H123PART0011), ISBT 128 product code',
  })
  deviceIdentifier!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['LOT4711', 'LOT4712'],
    description: 'Recalled lots (CSV: one cell, separated by |)',
  })
  lots?: string[];

  @ApiPropertyOptional({
    example: 'A2026-0100',
    description:
      'First lot of an inclusive lot range: lotFrom and lotTo have the same prefix and a numeric ' +
      'suffix of the same width (A2026-0100..A2026-0199); a lot is in the range when it is that ' +
      'prefix and that many digits between the two suffixes',
  })
  lotFrom?: string;

  @ApiPropertyOptional({ example: 'A2026-0199', description: 'Last lot of the range (inclusive)' })
  lotTo?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['SN000123'],
    description: 'Recalled serial numbers (CSV: one cell, separated by |)',
  })
  serials?: string[];

  @ApiProperty({ format: 'date', example: '2026-11-30', description: 'First day (facility date)' })
  startDate!: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'Last day (inclusive); none while the recall is open',
  })
  endDate?: string;
}

export class RecallDto extends RecallRequestDto {
  @ApiProperty({ description: 'Active now (between its start and end dates)' })
  active!: boolean;
}

export class RecallListDto {
  @ApiProperty({ type: [RecallDto] })
  items!: RecallDto[];
}

export class RecallImportRequestDto {
  @ApiProperty({ type: [RecallRequestDto], description: 'Or the body a bare array, or text/csv' })
  recalls!: RecallRequestDto[];
}

export class RecallImportResultDto {
  @ApiProperty({ example: 2, description: 'Recalls that did not exist before' })
  created!: number;

  @ApiProperty({ example: 1, description: 'Recalls replaced' })
  replaced!: number;
}
