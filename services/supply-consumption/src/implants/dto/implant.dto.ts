import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IMPLANT_REVERSAL_REASONS,
  IMPLANT_USAGE_SOURCES,
  IMPLANT_USAGE_STATUSES,
  UDI_ISSUING_AGENCIES,
} from '../implant-usage.entity.js';

/** A UDI already parsed by the scanning device. */
export class ParsedUdiDto {
  @ApiPropertyOptional({ enum: UDI_ISSUING_AGENCIES, default: 'GS1' })
  issuingAgency?: string;

  @ApiProperty({
    example: '09506000134352',
    description:
      'GS1 GTIN (8/12/13/14, check digit verified), HIBCC labeler+product+unit of measure, or ISBT 128 product code',
  })
  deviceIdentifier!: string;

  @ApiPropertyOptional({ example: 'LOT4711', maxLength: 20 })
  lotNumber?: string;

  @ApiPropertyOptional({ example: 'SN000123', maxLength: 20 })
  serialNumber?: string;

  @ApiPropertyOptional({ format: 'date', example: '2027-12-31' })
  expirationDate?: string;

  @ApiPropertyOptional({ format: 'date', example: '2025-01-15' })
  manufactureDate?: string;
}

export class RecallOverrideRequestDto {
  @ApiProperty({
    example: 'no alternative device in stock; surgeon accepted the class II risk',
    maxLength: 500,
    description: 'Clinical or operational reason (no patient identifiers)',
  })
  reason!: string;
}

/** The body of `POST /implants` (documentation: the controller validates the JSON itself). */
export class CaptureImplantDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Chosen by the client: a retry with the same id and body answers the same usage',
  })
  usageId?: string;

  @ApiProperty({ example: 'MGH:V000123', description: '<facility>:<visit number>' })
  encounterId!: string;

  @ApiPropertyOptional({
    example: '(01)09506000134352(17)271231(10)LOT4711(21)SN000123',
    description:
      'The UDI as scanned, in the format of its issuing agency: GS1 element string (bracketed, or ' +
      'raw with FNC1 as \\u001d), HIBCC (+H123PART0011/$$3271231LOT4711S, check character ' +
      'verified) or ICCBBA ISBT 128 (=/ product code, =, donation identification, => expiry); or ' +
      'the two scans [primary, secondary] of an HIBC label printed as two symbols. Exactly one of ' +
      'barcode and udi.',
    oneOf: [
      { type: 'string' },
      { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 2 },
    ],
  })
  barcode?: string | [string, string];

  @ApiPropertyOptional({ type: ParsedUdiDto, description: 'Exactly one of barcode and udi' })
  udi?: ParsedUdiDto;

  @ApiPropertyOptional({ example: 'PR-88121', description: 'Procedure id (PR1-19 or FHIR id)' })
  procedureRef?: string;

  @ApiProperty({ example: '1245319599', description: 'NPI, 10 digits with its check digit' })
  implantingSurgeonNpi!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Default now; at most 5 minutes in the future',
  })
  usedAt?: string;

  @ApiProperty({
    example: 'OR',
    description: 'Where it was used: the (consignment) stock location',
  })
  unitId!: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    default: 1,
    description: '1 for a device with a serial number',
  })
  quantity?: number;

  @ApiPropertyOptional({
    type: RecallOverrideRequestDto,
    description:
      'Implant a device under an active recall: takes the role supply-supervisor (403 without it); ' +
      'recorded as made by the caller (overriddenBy is not a field of the request)',
  })
  recallOverride?: RecallOverrideRequestDto;
}

export class UdiDto {
  @ApiProperty({ enum: UDI_ISSUING_AGENCIES })
  issuingAgency!: string;

  @ApiProperty({ example: '09506000134352' })
  deviceIdentifier!: string;

  @ApiProperty({ type: String, nullable: true })
  lotNumber!: string | null;

  @ApiProperty({ type: String, nullable: true })
  serialNumber!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  expirationDate!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  manufactureDate!: string | null;
}

export class RecallOverrideDto {
  @ApiProperty({ example: 'Z-1234-2026', description: 'The recall(s) overridden, comma-separated' })
  recallNumber!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({
    example: 'j.miller',
    description: "The caller who overrode it: the token's preferred_username, else its subject",
  })
  overriddenBy!: string;

  @ApiProperty({ format: 'date-time' })
  overriddenAt!: string;
}

export class ImplantUsageDto {
  @ApiProperty({ format: 'uuid' })
  usageId!: string;

  @ApiProperty({ example: 'MGH:V000123' })
  encounterId!: string;

  @ApiProperty({
    enum: IMPLANT_USAGE_STATUSES,
    description:
      'CAPTURED → CONFIRMED (item resolved, stock decremented) → REPLENISHMENT_REQUESTED (saga ' +
      'complete); REVERSED (saga compensated); NOT_IMPLANTED (opened and wasted)',
  })
  status!: string;

  @ApiProperty({ type: UdiDto })
  udi!: UdiDto;

  @ApiProperty({ type: String, nullable: true, description: 'null: device not in the item master' })
  itemId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  supplierId!: string | null;

  @ApiProperty()
  consignment!: boolean;

  @ApiProperty()
  quantity!: number;

  @ApiProperty({ type: String, nullable: true })
  unitId!: string | null;

  @ApiProperty()
  implantingSurgeonNpi!: string;

  @ApiProperty({ type: String, nullable: true })
  procedureRef!: string | null;

  @ApiProperty({ format: 'date-time' })
  usedAt!: string;

  @ApiProperty({ enum: IMPLANT_USAGE_SOURCES })
  source!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The FHIR Procedure id' })
  sourceReference!: string | null;

  @ApiProperty({ type: RecallOverrideDto, nullable: true })
  recallOverride!: RecallOverrideDto | null;

  @ApiProperty()
  stockDecremented!: boolean;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sagaId!: string | null;

  @ApiProperty({
    type: String,
    enum: [...IMPLANT_REVERSAL_REASONS, 'SAGA_COMPENSATION'],
    nullable: true,
    description:
      'A user reversal, or SAGA_COMPENSATION when the saga undid a usage no one reversed',
  })
  reversalReason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  reversalNote!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  reversedAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class ImplantUsageListDto {
  @ApiProperty({ type: [ImplantUsageDto] })
  items!: ImplantUsageDto[];
}

export class ReverseImplantDto {
  @ApiProperty({ enum: IMPLANT_REVERSAL_REASONS })
  reason!: string;

  @ApiPropertyOptional({ maxLength: 500 })
  note?: string;
}
