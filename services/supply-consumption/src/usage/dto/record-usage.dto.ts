import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of `POST /usage` (documentation: the controller validates the JSON itself). */
export class RecordUsageDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Chosen by the client: a retry with the same id answers the usage recorded first',
  })
  usageId?: string;

  @ApiProperty({ example: 'V000123', description: 'Visit number (PV1-19)' })
  encounterId!: string;

  @ApiPropertyOptional({ example: 'ITM-1002', description: 'Exactly one of itemId, gtin, barcode' })
  itemId?: string;

  @ApiPropertyOptional({ example: '00884521234560', description: 'GTIN-8/12/13/14' })
  gtin?: string;

  @ApiPropertyOptional({
    example: '(01)00884521234560(17)271231(10)LOT4711',
    description:
      'GS1 element string with AIs 01 (GTIN), 10 (lot), 17 (expiry), 21 (serial): bracketed, ' +
      'or raw with FNC1 sent as the group separator \\u001d',
  })
  barcode?: string;

  @ApiProperty({ minimum: 1, maximum: 100, example: 1 })
  quantity!: number;

  @ApiPropertyOptional({ example: 'EA', description: "Must be the item's unit of measure" })
  unitOfMeasure?: string;

  @ApiProperty({ example: '4W', description: 'Nursing unit or department' })
  unitId!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Default now; at most 5 minutes in the future',
  })
  usedAt?: string;

  @ApiPropertyOptional({
    example: 'RN4711',
    description:
      'Staff id of the clinician who used the supply at the point of care, as the request names ' +
      'them: not necessarily the caller (a scanner workstation or a supply tech posts for them)',
  })
  recordedBy?: string;
}

/**
 * The optional body of `POST /usage/:usageId/void` (the void is the caller's: `voidedBy` is not a
 * field of the request).
 */
export class VoidUsageDto {
  @ApiPropertyOptional({ example: 'scanned for the wrong patient', default: 'recorded in error' })
  reason?: string;
}
