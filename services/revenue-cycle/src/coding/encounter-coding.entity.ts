import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CodedBy, CodedDiagnosis, CodedProcedure } from '@meridian/contracts';

/** The final codes of an encounter for one saga step, by the rules (AUTO) or a coder (CODER). */
@Entity({ name: 'encounter_coding' })
export class EncounterCoding {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'saga_id', type: 'uuid' })
  sagaId!: string;

  @Column({ name: 'step_name', type: 'text' })
  stepName!: string;

  @Column({ name: 'encounter_id', type: 'text' })
  encounterId!: string;

  /** The coding-queue item a coder completed; null when auto-coded. */
  @Column({ name: 'queue_item_id', type: 'uuid', nullable: true })
  queueItemId!: string | null;

  @Column({ type: 'jsonb' })
  diagnoses!: CodedDiagnosis[];

  @Column({ type: 'jsonb' })
  procedures!: CodedProcedure[];

  @Column({ name: 'drg_code', type: 'text', nullable: true })
  drgCode!: string | null;

  @Column({ name: 'coded_by', type: 'text' })
  codedBy!: CodedBy;

  @Column({ name: 'coder_id', type: 'text', nullable: true })
  coderId!: string | null;

  @Column({ name: 'coded_at', type: 'timestamptz' })
  codedAt!: Date;
}
