import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { DiagnosisLine, PatientClass, ProcedureLine } from '@meridian/contracts';

export const CODING_ITEM_STATUSES = ['OPEN', 'COMPLETED', 'CANCELLED'] as const;
export type CodingItemStatus = (typeof CODING_ITEM_STATUSES)[number];

/** A procedure as the EHR sent it, stored as JSON (the time as an ISO string). */
export type StoredProcedureLine = Omit<ProcedureLine, 'performedAt'> & {
  readonly performedAt: string;
};

/**
 * An encounter waiting for a coder (no principal diagnosis to auto-code from). It keeps the
 * CompleteCoding command it answers: the latest one of its saga step, since a resent command
 * supersedes the earlier one.
 */
@Entity({ name: 'coding_queue_item' })
export class CodingQueueItem {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'saga_id', type: 'uuid' })
  sagaId!: string;

  @Column({ name: 'step_name', type: 'text' })
  stepName!: string;

  @Column({ name: 'command_message_id', type: 'uuid' })
  commandMessageId!: string;

  @Column({ name: 'encounter_id', type: 'text' })
  encounterId!: string;

  @Column({ name: 'patient_class', type: 'text' })
  patientClass!: PatientClass;

  @Column({ type: 'jsonb' })
  diagnoses!: DiagnosisLine[];

  @Column({ type: 'jsonb' })
  procedures!: StoredProcedureLine[];

  @Column({ type: 'text' })
  status!: CodingItemStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When it was completed or cancelled. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;
}
