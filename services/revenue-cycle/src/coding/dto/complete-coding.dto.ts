import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROCEDURE_SYSTEMS } from '@meridian/contracts';
import type { KnownProcedureSystem } from '@meridian/contracts';
import { POA_INDICATORS } from '../complete-coding.request.js';

export class CoderDiagnosisDto {
  @ApiProperty({
    example: 'I50.23',
    description:
      'ICD-10-CM, with or without the dot (stored dotted); of the U codes only U07.0, U07.1 and U09.9',
  })
  code!: string;

  @ApiProperty({ description: 'Exactly one diagnosis is the principal one' })
  principal!: boolean;

  @ApiProperty({ enum: POA_INDICATORS, description: 'Present on admission; 1 = exempt' })
  presentOnAdmission!: (typeof POA_INDICATORS)[number];
}

export class CoderProcedureDto {
  @ApiProperty({ example: '02HV33Z' })
  code!: string;

  @ApiProperty({ enum: PROCEDURE_SYSTEMS })
  codeSystem!: KnownProcedureSystem;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  performedOn?: string | null;
}

/**
 * `POST /coding-queue/:id/complete` (the coder is the caller of the bearer token: `coderId` is not
 * a field of the request).
 */
export class CompleteCodingRequestDto {
  @ApiProperty({
    type: [CoderDiagnosisDto],
    description: 'Principal first or not: it is sequenced first',
  })
  diagnoses!: CoderDiagnosisDto[];

  @ApiPropertyOptional({
    type: [CoderProcedureDto],
    description: 'Omitted: the procedures the EHR sent',
  })
  procedures?: CoderProcedureDto[];
}
