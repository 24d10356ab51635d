import type { JournalType, PatientClass } from '@meridian/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CENTS_COLUMN } from '../cents-column.js';

export const JOURNAL_STATUSES = ['POSTED', 'REVERSED'] as const;
export type JournalStatus = (typeof JOURNAL_STATUSES)[number];

/**
 * What a journal was posted for: a submitted claim, the journal a reversal reverses, or an
 * approved supplier invoice (case cost).
 */
export type JournalSourceType = 'CLAIM' | 'JOURNAL' | 'INVOICE';

/** A balanced general-ledger journal (header); its lines are `JournalLine` rows. */
@Entity({ name: 'gl_journal' })
export class Journal {
  /** `JE-<yyyymmdd of the posting date>-<8 hex>`. */
  @PrimaryColumn({ name: 'journal_id', type: 'text' })
  journalId!: string;

  @Column({ name: 'journal_type', type: 'text' })
  journalType!: JournalType;

  @Column({ name: 'company_code', type: 'text' })
  companyCode!: string;

  @Column({ name: 'source_type', type: 'text' })
  sourceType!: JournalSourceType;

  /** The claim id (CLAIM), the reversed journal's id (JOURNAL) or the invoice id (INVOICE). */
  @Column({ name: 'source_id', type: 'text' })
  sourceId!: string;

  @Column({ name: 'encounter_id', type: 'text', nullable: true })
  encounterId!: string | null;

  @Column({ name: 'payer_id', type: 'text', nullable: true })
  payerId!: string | null;

  @Column({ name: 'patient_class', type: 'text', nullable: true })
  patientClass!: PatientClass | null;

  /** Accounting date, `YYYY-MM-DD`. */
  @Column({ name: 'posting_date', type: 'date' })
  postingDate!: string;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'text' })
  status!: JournalStatus;

  @Column({
    name: 'total_debit',
    type: 'numeric',
    precision: 14,
    scale: 2,
    transformer: CENTS_COLUMN,
  })
  totalDebitCents!: number;

  @Column({
    name: 'total_credit',
    type: 'numeric',
    precision: 14,
    scale: 2,
    transformer: CENTS_COLUMN,
  })
  totalCreditCents!: number;

  @Column({ name: 'erp_document_number', type: 'text' })
  erpDocumentNumber!: string;

  /** Set on a reversal: the journal it reverses. */
  @Column({ name: 'reverses_journal_id', type: 'text', nullable: true })
  reversesJournalId!: string | null;

  /** Set on a reversal: why (the saga's compensation reason). */
  @Column({ name: 'reversal_reason', type: 'text', nullable: true })
  reversalReason!: string | null;

  @Column({ name: 'saga_id', type: 'uuid', nullable: true })
  sagaId!: string | null;

  @Column({ name: 'posted_at', type: 'timestamptz' })
  postedAt!: Date;

  /** Set on a reversed journal: when its reversal was posted. */
  @Column({ name: 'reversed_at', type: 'timestamptz', nullable: true })
  reversedAt!: Date | null;
}

/** One line of a journal: exactly one of debit and credit is non-zero. */
@Entity({ name: 'gl_journal_line' })
export class JournalLine {
  @PrimaryColumn({ name: 'journal_id', type: 'text' })
  journalId!: string;

  @PrimaryColumn({ name: 'line_number', type: 'int' })
  lineNumber!: number;

  @Column({ name: 'account_code', type: 'text' })
  accountCode!: string;

  @Column({ name: 'cost_center_code', type: 'text' })
  costCenter!: string;

  @Column({ name: 'debit', type: 'numeric', precision: 14, scale: 2, transformer: CENTS_COLUMN })
  debitCents!: number;

  @Column({ name: 'credit', type: 'numeric', precision: 14, scale: 2, transformer: CENTS_COLUMN })
  creditCents!: number;

  @Column({ type: 'text', nullable: true })
  memo!: string | null;
}

/**
 * A saga whose revenue posting was compensated before anything was posted (ReverseJournal without
 * a journal id): a late PostRevenueJournal of that saga must not post any more.
 */
@Entity({ name: 'gl_posting_cancellation' })
export class PostingCancellation {
  @PrimaryColumn({ name: 'saga_id', type: 'uuid' })
  sagaId!: string;

  @Column({ name: 'compensated_command_message_id', type: 'uuid' })
  compensatedCommandMessageId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'cancelled_at', type: 'timestamptz' })
  cancelledAt!: Date;
}
