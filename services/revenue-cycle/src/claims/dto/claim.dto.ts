import { ApiProperty } from '@nestjs/swagger';
import { ClaimType_SYMBOLS, PatientClass_SYMBOLS } from '@meridian/contracts';
import type { ClaimType, CodedDiagnosis, CodedProcedure, PatientClass } from '@meridian/contracts';
import { CodedDiagnosisDto, CodedProcedureDto } from '../../coding/dto/coding-queue-item.dto.js';
import type { Claim, ClaimStatus } from '../claim.entity.js';

export class ClaimLineDto {
  @ApiProperty({ example: 1 })
  lineNumber!: number;

  @ApiProperty({ example: '0120' })
  revenueCode!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  cptHcpcsCode!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  serviceDate!: string | null;

  @ApiProperty({ example: 3 })
  units!: number;

  @ApiProperty({ example: '7350.00' })
  chargeAmount!: string;
}

export class ClaimDto {
  @ApiProperty({ example: 'CLM-1A2B3C4D' })
  claimId!: string;

  @ApiProperty({
    example: 'MGH:V000123',
    description: 'Encounter id, `<facility>:<visit number>`, as encounter-ingest makes it',
  })
  encounterId!: string;

  @ApiProperty({ format: 'uuid' })
  sagaId!: string;

  @ApiProperty({ enum: ['SUBMITTED', 'VOIDED'] })
  status!: ClaimStatus;

  @ApiProperty({ enum: ClaimType_SYMBOLS })
  claimType!: ClaimType;

  @ApiProperty({ example: 'MEDICARE-A' })
  payerId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'MCR-PART-A' })
  planId!: string | null;

  @ApiProperty({ enum: PatientClass_SYMBOLS })
  patientClass!: PatientClass;

  @ApiProperty({ example: '0111', description: 'UB-04 type of bill' })
  typeOfBill!: string;

  @ApiProperty({ format: 'date' })
  statementFromDate!: string;

  @ApiProperty({ format: 'date' })
  statementThroughDate!: string;

  @ApiProperty({ example: '1234567893' })
  billingProviderNpi!: string;

  @ApiProperty({ type: String, nullable: true })
  attendingProviderNpi!: string | null;

  @ApiProperty({ example: 'I50.23' })
  principalDiagnosisCode!: string;

  @ApiProperty({ type: String, nullable: true, example: '291' })
  drgCode!: string | null;

  @ApiProperty({ type: [CodedDiagnosisDto] })
  diagnoses!: CodedDiagnosis[];

  @ApiProperty({ type: [CodedProcedureDto] })
  procedures!: CodedProcedure[];

  @ApiProperty({ type: [String] })
  chargeIds!: string[];

  @ApiProperty({ type: [ClaimLineDto] })
  lines!: ClaimLineDto[];

  @ApiProperty({ example: '8052.00', description: 'Sum of the lines' })
  totalCharge!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ format: 'date-time' })
  submittedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  voidedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  voidReason!: string | null;
}

export class ClaimListDto {
  @ApiProperty({ type: [ClaimDto] })
  items!: ClaimDto[];
}

export function toClaimDto(claim: Claim): ClaimDto {
  return {
    claimId: claim.claimId,
    encounterId: claim.encounterId,
    sagaId: claim.sagaId,
    status: claim.status,
    claimType: claim.claimType,
    payerId: claim.payerId,
    planId: claim.planId,
    patientClass: claim.patientClass,
    typeOfBill: claim.typeOfBill,
    statementFromDate: claim.statementFrom,
    statementThroughDate: claim.statementThrough,
    billingProviderNpi: claim.billingProviderNpi,
    attendingProviderNpi: claim.attendingProviderNpi,
    principalDiagnosisCode: claim.principalDiagnosisCode,
    drgCode: claim.drgCode,
    diagnoses: claim.diagnoses,
    procedures: claim.procedures,
    chargeIds: claim.chargeIds,
    lines: claim.lines.map((line) => ({
      lineNumber: line.lineNumber,
      revenueCode: line.revenueCode,
      cptHcpcsCode: line.cptHcpcsCode,
      serviceDate: line.serviceDate,
      units: line.units,
      chargeAmount: line.chargeAmount,
    })),
    totalCharge: claim.totalCharge,
    currency: claim.currency,
    submittedAt: claim.submittedAt.toISOString(),
    voidedAt: claim.voidedAt?.toISOString() ?? null,
    voidReason: claim.voidReason,
  };
}
