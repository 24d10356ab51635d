import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAYER_TYPES } from '../payer.entity.js';
import type { Payer, PayerType } from '../payer.entity.js';
import { MAX_PAYER_ROWS, MAX_PLANS } from '../payers.request.js';

export class PayerPlanDto {
  @ApiProperty({
    example: 'BCBS-PPO-GOLD',
    maxLength: 32,
    description: 'Plan id as registration sends it (ADT IN1-2, FHIR Coverage class plan)',
  })
  planId!: string;

  @ApiProperty({ example: 'BLUE CROSS PPO GOLD', maxLength: 100 })
  name!: string;
}

export class PayerDto {
  @ApiProperty({
    example: 'BCBS-PPO',
    description: 'Payer id as registration sends it (ADT IN1-3, FHIR Coverage payor)',
  })
  payerId!: string;

  @ApiProperty({ example: 'BLUE CROSS PPO' })
  name!: string;

  @ApiProperty({ enum: PAYER_TYPES, nullable: true, example: 'COMMERCIAL' })
  payerType!: PayerType | null;

  @ApiProperty({ type: [PayerPlanDto] })
  plans!: PayerPlanDto[];

  @ApiProperty({ example: '2026-12-05T02:00:00.000Z' })
  updatedAt!: string;
}

export class PayerListDto {
  @ApiProperty({ type: [PayerDto] })
  items!: PayerDto[];
}

/** `PUT /payers/:payerId`: the payer whole; a plan not listed is removed. */
export class PayerPutRequestDto {
  @ApiPropertyOptional({
    example: 'BCBS-PPO',
    description: 'The payer id of the path, which the body may repeat (or leave out)',
  })
  payerId?: string;

  @ApiProperty({ example: 'BLUE CROSS PPO', maxLength: 100 })
  name!: string;

  @ApiPropertyOptional({ enum: PAYER_TYPES, nullable: true, example: 'COMMERCIAL' })
  payerType?: PayerType | null;

  @ApiProperty({
    type: [PayerPlanDto],
    maxItems: MAX_PLANS,
    description: 'Every plan of the payer',
  })
  plans!: PayerPlanDto[];
}

/** One row of `POST /payers/import`: a payer and one of its plans (the CSV's columns). */
export class PayerImportRowDto {
  @ApiProperty({ example: 'BCBS-PPO', maxLength: 32 })
  payerId!: string;

  @ApiProperty({
    example: 'BLUE CROSS PPO',
    maxLength: 100,
    description: 'The same on every row of the payer',
  })
  payerName!: string;

  @ApiPropertyOptional({
    enum: PAYER_TYPES,
    nullable: true,
    description: 'The same on every row of the payer',
  })
  payerType?: PayerType | null;

  @ApiPropertyOptional({
    example: 'BCBS-PPO-GOLD',
    maxLength: 32,
    description: 'Absent for a payer without plans',
  })
  planId?: string;

  @ApiPropertyOptional({ example: 'BLUE CROSS PPO GOLD', maxLength: 100 })
  planName?: string;
}

/** `POST /payers/import` as JSON */
export class PayerImportRequestDto {
  @ApiProperty({
    type: [PayerImportRowDto],
    minItems: 1,
    maxItems: MAX_PAYER_ROWS,
    description:
      'One row per plan; each payer named is created or replaced whole with the plans of its rows, all in one transaction',
  })
  payers!: PayerImportRowDto[];
}

export class PayerImportResultDto {
  @ApiProperty({ example: 1, description: 'Payers that did not exist before' })
  created!: number;

  @ApiProperty({ example: 2, description: 'Existing payers replaced' })
  replaced!: number;

  @ApiProperty({
    type: [PayerDto],
    description: 'The stored payers, in the order of their first row',
  })
  payers!: PayerDto[];
}

export function toPayerDto(payer: Payer): PayerDto {
  return {
    payerId: payer.payerId,
    name: payer.name,
    payerType: payer.payerType,
    plans: payer.plans.map((plan) => ({ planId: plan.planId, name: plan.name })),
    updatedAt: payer.updatedAt.toISOString(),
  };
}
