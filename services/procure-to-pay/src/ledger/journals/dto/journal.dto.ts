import { ApiProperty } from '@nestjs/swagger';
import { JournalType_SYMBOLS, PatientClass_SYMBOLS } from '@meridian/contracts';
import type { JournalType, PatientClass } from '@meridian/contracts';
import { JOURNAL_STATUSES } from '../journal.entities.js';
import type { JournalSourceType, JournalStatus } from '../journal.entities.js';

const MONEY = 'Decimal string with two places, in the journal currency';

export class JournalLineDto {
  @ApiProperty({ example: 1 })
  lineNumber!: number;

  @ApiProperty({ example: '1200', description: 'GL natural account' })
  accountCode!: string;

  @ApiProperty({ example: 'CC-FIN' })
  costCenter!: string;

  @ApiProperty({ example: '7805.00', description: `${MONEY}; 0.00 on credit lines` })
  debit!: string;

  @ApiProperty({ example: '0.00', description: `${MONEY}; 0.00 on debit lines` })
  credit!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Claim CLM-1 payer BCBS-PPO' })
  memo!: string | null;
}

export class JournalDto {
  @ApiProperty({ example: 'JE-20261122-0a1b2c3d' })
  journalId!: string;

  @ApiProperty({ enum: JournalType_SYMBOLS, example: 'PATIENT_REVENUE' })
  journalType!: JournalType;

  @ApiProperty({ example: 'MGH' })
  companyCode!: string;

  @ApiProperty({
    enum: ['CLAIM', 'JOURNAL'],
    description: 'CLAIM: a revenue journal; JOURNAL: the reversal of the journal in sourceId',
  })
  sourceType!: JournalSourceType;

  @ApiProperty({ example: 'CLM-000123', description: 'Claim id, or the reversed journal id' })
  sourceId!: string;

  @ApiProperty({ type: String, nullable: true, example: 'V000123' })
  encounterId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'BCBS-PPO' })
  payerId!: string | null;

  @ApiProperty({ enum: PatientClass_SYMBOLS, nullable: true })
  patientClass!: PatientClass | null;

  @ApiProperty({ format: 'date', example: '2026-11-22' })
  postingDate!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({ enum: JOURNAL_STATUSES })
  status!: JournalStatus;

  @ApiProperty({ example: '7805.00', description: MONEY })
  totalDebit!: string;

  @ApiProperty({ example: '7805.00', description: `${MONEY}; always equals totalDebit` })
  totalCredit!: string;

  @ApiProperty({ example: '1000000001' })
  erpDocumentNumber!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The journal this one reverses' })
  reversesJournalId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The journal that reversed this one' })
  reversedByJournalId!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why this reversal was posted' })
  reversalReason!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  sagaId!: string | null;

  @ApiProperty({ format: 'date-time' })
  postedAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  reversedAt!: string | null;

  @ApiProperty({ type: [JournalLineDto] })
  lines!: JournalLineDto[];
}

export class JournalListDto {
  @ApiProperty({ type: [JournalDto], description: 'Newest first' })
  items!: JournalDto[];
}
