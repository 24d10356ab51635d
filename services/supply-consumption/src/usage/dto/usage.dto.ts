import { ApiProperty } from '@nestjs/swagger';

export const USAGE_STATUSES = ['RECORDED', 'VOIDED', 'RECONCILED'] as const;
export type UsageStatus = (typeof USAGE_STATUSES)[number];

export class UsageDto {
  @ApiProperty({ format: 'uuid' })
  usageId!: string;

  @ApiProperty({ example: 'V000123' })
  encounterId!: string;

  @ApiProperty({ example: 'ITM-1002' })
  itemId!: string;

  @ApiProperty({ example: 'CENTRAL LINE KIT TRIPLE LUMEN' })
  description!: string;

  @ApiProperty({ type: String, nullable: true, example: '00884521234560' })
  gtin!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'AI 10 of the scan' })
  lotNumber!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'AI 21 of the scan' })
  serialNumber!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'AI 17 of the scan' })
  expirationDate!: string | null;

  @ApiProperty({ example: 1 })
  quantity!: number;

  @ApiProperty({ example: 'EA' })
  unitOfMeasure!: string;

  @ApiProperty()
  chargeable!: boolean;

  @ApiProperty({ type: String, nullable: true, example: '2720002', description: 'CDM code' })
  chargeCode!: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  hcpcsCode!: string | null;

  @ApiProperty({ example: '96.50', description: 'Hospital cost per unit of measure' })
  unitCost!: string;

  @ApiProperty({ example: '4W' })
  unitId!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  usedAt!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Staff id of the clinician at the point of care, as the request named them (not necessarily the caller)',
  })
  recordedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  recordedAt!: string;

  @ApiProperty({
    enum: USAGE_STATUSES,
    description:
      'RECORDED: will be charged at discharge; VOIDED: recorded in error, never charged; ' +
      'RECONCILED: passed to a claim by the discharge-to-revenue saga, can no longer be voided',
  })
  status!: UsageStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  voidedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  voidReason!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  reconciledSagaId!: string | null;
}

export class UsageListDto {
  @ApiProperty({ type: [UsageDto], description: 'In order of use' })
  items!: UsageDto[];
}
