import { ApiProperty } from '@nestjs/swagger';
import {
  CodedBy_SYMBOLS,
  DiagnosisType_SYMBOLS,
  PatientClass_SYMBOLS,
  PresentOnAdmission_SYMBOLS,
  ProcedureCodeSystem_SYMBOLS,
} from '@meridian/contracts';
import type {
  CodedBy,
  CodedDiagnosis,
  CodedProcedure,
  DiagnosisType,
  PatientClass,
  PresentOnAdmission,
  ProcedureCodeSystem,
} from '@meridian/contracts';
import { CODING_ITEM_STATUSES } from '../coding-queue-item.entity.js';
import type { CodingItemStatus } from '../coding-queue-item.entity.js';
import type { CodingQueueEntry } from '../coding.service.js';

export class ReceivedDiagnosisDto {
  @ApiProperty({ example: 'I50.23' })
  icd10CmCode!: string;

  @ApiProperty({ example: 1 })
  priority!: number;

  @ApiProperty()
  principal!: boolean;

  @ApiProperty({ enum: DiagnosisType_SYMBOLS })
  diagnosisType!: DiagnosisType;
}

export class ReceivedProcedureDto {
  @ApiProperty({ type: String, nullable: true })
  procedureId!: string | null;

  @ApiProperty({ example: '93005' })
  code!: string;

  @ApiProperty({ enum: ProcedureCodeSystem_SYMBOLS })
  codeSystem!: ProcedureCodeSystem;

  @ApiProperty({ format: 'date-time' })
  performedAt!: string;

  @ApiProperty({ type: String, nullable: true })
  surgeonNpi!: string | null;
}

export class CodedDiagnosisDto {
  @ApiProperty({ example: 'I50.23' })
  icd10CmCode!: string;

  @ApiProperty({ example: 1 })
  sequence!: number;

  @ApiProperty()
  principal!: boolean;

  @ApiProperty({ enum: PresentOnAdmission_SYMBOLS, nullable: true })
  presentOnAdmission!: PresentOnAdmission | null;
}

export class CodedProcedureDto {
  @ApiProperty({ example: '02HV33Z' })
  code!: string;

  @ApiProperty({ enum: ProcedureCodeSystem_SYMBOLS })
  codeSystem!: ProcedureCodeSystem;

  @ApiProperty({ example: 1 })
  sequence!: number;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  performedOn!: string | null;
}

export class EncounterCodingDto {
  @ApiProperty({ type: [CodedDiagnosisDto] })
  diagnoses!: CodedDiagnosis[];

  @ApiProperty({ type: [CodedProcedureDto] })
  procedures!: CodedProcedure[];

  @ApiProperty({ type: String, nullable: true, example: '291', description: 'MS-DRG (inpatients)' })
  drgCode!: string | null;

  @ApiProperty({ enum: CodedBy_SYMBOLS })
  codedBy!: CodedBy;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'j.miller',
    description:
      "The coder who completed the item: the caller's preferred_username, else the token's subject (null when coded automatically)",
  })
  coderId!: string | null;

  @ApiProperty({ format: 'date-time' })
  codedAt!: string;
}

export class CodingQueueItemDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    example: 'MGH:V000123',
    description: 'Encounter id, `<facility>:<visit number>`, as encounter-ingest makes it',
  })
  encounterId!: string;

  @ApiProperty({ format: 'uuid' })
  sagaId!: string;

  @ApiProperty({ example: 'CompleteCoding' })
  stepName!: string;

  @ApiProperty({ enum: PatientClass_SYMBOLS })
  patientClass!: PatientClass;

  @ApiProperty({ enum: CODING_ITEM_STATUSES })
  status!: CodingItemStatus;

  @ApiProperty({ description: 'OPEN for longer than CODING_ESCALATION_HOURS' })
  escalated!: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Completed or cancelled at',
  })
  closedAt!: string | null;

  @ApiProperty({ type: [ReceivedDiagnosisDto], description: 'Diagnoses the EHR sent' })
  diagnoses!: ReceivedDiagnosisDto[];

  @ApiProperty({ type: [ReceivedProcedureDto], description: 'Procedures the EHR sent' })
  procedures!: ReceivedProcedureDto[];

  @ApiProperty({
    type: EncounterCodingDto,
    nullable: true,
    description: "The coder's codes once COMPLETED",
  })
  coding!: EncounterCodingDto | null;
}

export class CodingQueueListDto {
  @ApiProperty({ type: [CodingQueueItemDto] })
  items!: CodingQueueItemDto[];
}

/** The item as the API shows it; `escalated` when OPEN longer than `escalationHours`. */
export function toCodingQueueItemDto(
  { item, coding }: CodingQueueEntry,
  escalationHours: number,
  now: Date = new Date(),
): CodingQueueItemDto {
  const openFor = now.getTime() - item.createdAt.getTime();
  return {
    id: item.id,
    encounterId: item.encounterId,
    sagaId: item.sagaId,
    stepName: item.stepName,
    patientClass: item.patientClass,
    status: item.status,
    escalated: item.status === 'OPEN' && openFor > escalationHours * 3_600_000,
    createdAt: item.createdAt.toISOString(),
    closedAt: item.closedAt?.toISOString() ?? null,
    diagnoses: item.diagnoses,
    procedures: item.procedures,
    coding: coding && {
      diagnoses: coding.diagnoses,
      procedures: coding.procedures,
      drgCode: coding.drgCode,
      codedBy: coding.codedBy,
      coderId: coding.coderId,
      codedAt: coding.codedAt.toISOString(),
    },
  };
}
