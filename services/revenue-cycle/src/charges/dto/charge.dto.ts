import { ApiProperty } from '@nestjs/swagger';
import { formatCents, sumCents, toCents } from '@meridian/contracts';
import { CURRENCY } from '../../shared/publish.js';
import type { Charge, ChargeOrigin, ChargeStatus } from '../charge.entity.js';

export class ChargeDto {
  @ApiProperty({ format: 'uuid' })
  chargeId!: string;

  @ApiProperty({
    example: 'MGH:V000123',
    description: 'Encounter id, `<facility>:<visit number>`, as encounter-ingest makes it',
  })
  encounterId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sagaId!: string | null;

  @ApiProperty({
    enum: ['ENCOUNTER', 'IMPLANT'],
    description: 'Finalized at discharge, or an implant charge',
  })
  origin!: ChargeOrigin;

  @ApiProperty({ example: '0110001' })
  cdmCode!: string;

  @ApiProperty({ example: '0120' })
  revenueCode!: string;

  @ApiProperty({ type: String, nullable: true, example: '71046' })
  cptHcpcsCode!: string | null;

  @ApiProperty({ example: 3, description: 'Units (days for room and board)' })
  units!: number;

  @ApiProperty({ example: '2450.00' })
  unitPrice!: string;

  @ApiProperty({ example: '7350.00' })
  amount!: string;

  @ApiProperty({ format: 'date', example: '2026-03-02' })
  serviceDate!: string;

  @ApiProperty({ type: String, nullable: true, example: 'accommodation:4W:2026-03-02' })
  sourceReference!: string | null;

  @ApiProperty({ enum: ['ACTIVE', 'REVERSED'] })
  status!: ChargeStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  reversedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  reversalReason!: string | null;
}

export class ChargesSummaryDto {
  @ApiProperty({ example: '8052.00', description: 'Sum of the ACTIVE charges' })
  activeTotal!: string;

  @ApiProperty({ example: 5 })
  activeCount!: number;

  @ApiProperty({ example: '0.00', description: 'Sum of the REVERSED charges' })
  reversedTotal!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;
}

export class EncounterChargesDto {
  @ApiProperty({
    example: 'MGH:V000123',
    description: 'Encounter id, `<facility>:<visit number>`, as encounter-ingest makes it',
  })
  encounterId!: string;

  @ApiProperty({ type: [ChargeDto] })
  charges!: ChargeDto[];

  @ApiProperty({ type: ChargesSummaryDto })
  summary!: ChargesSummaryDto;
}

function toChargeDto(charge: Charge): ChargeDto {
  return {
    chargeId: charge.chargeId,
    encounterId: charge.encounterId,
    sagaId: charge.sagaId,
    origin: charge.origin,
    cdmCode: charge.cdmCode,
    revenueCode: charge.revenueCode,
    cptHcpcsCode: charge.cptHcpcsCode,
    units: charge.units,
    unitPrice: charge.unitPrice,
    amount: charge.amount,
    serviceDate: charge.serviceDate,
    sourceReference: charge.sourceReference,
    status: charge.status,
    reversedAt: charge.reversedAt?.toISOString() ?? null,
    reversalReason: charge.reversalReason,
  };
}

export function toEncounterChargesDto(
  encounterId: string,
  charges: readonly Charge[],
): EncounterChargesDto {
  const total = (status: ChargeStatus): string =>
    formatCents(sumCents(charges.filter((c) => c.status === status).map((c) => toCents(c.amount))));
  return {
    encounterId,
    charges: charges.map(toChargeDto),
    summary: {
      activeTotal: total('ACTIVE'),
      activeCount: charges.filter((c) => c.status === 'ACTIVE').length,
      reversedTotal: total('REVERSED'),
      currency: CURRENCY,
    },
  };
}
