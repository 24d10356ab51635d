import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export type ChargeStatus = 'ACTIVE' | 'REVERSED';
/** ENCOUNTER: finalized at discharge (FinalizeCharges); IMPLANT: posted by implant-to-invoice. */
export type ChargeOrigin = 'ENCOUNTER' | 'IMPLANT';

/** One patient charge line priced from the chargemaster. A reversal keeps it, marked REVERSED. */
@Entity({ name: 'charge' })
export class Charge {
  @PrimaryColumn({ name: 'charge_id', type: 'uuid' })
  chargeId!: string;

  @Column({ name: 'encounter_id', type: 'text' })
  encounterId!: string;

  @Column({ name: 'saga_id', type: 'uuid', nullable: true })
  sagaId!: string | null;

  @Column({ type: 'text' })
  origin!: ChargeOrigin;

  /** Position within the saga's charges, from 1. */
  @Column({ name: 'line_number', type: 'int' })
  lineNumber!: number;

  @Column({ name: 'cdm_code', type: 'text' })
  cdmCode!: string;

  @Column({ name: 'revenue_code', type: 'text' })
  revenueCode!: string;

  @Column({ name: 'cpt_hcpcs_code', type: 'text', nullable: true })
  cptHcpcsCode!: string | null;

  @Column({ type: 'int' })
  units!: number;

  @Column({ name: 'unit_price', type: 'numeric', precision: 12, scale: 2 })
  unitPrice!: string;

  @Column({ type: 'numeric', precision: 12, scale: 2 })
  amount!: string;

  /** `YYYY-MM-DD`, the facility's date. */
  @Column({ name: 'service_date', type: 'date' })
  serviceDate!: string;

  /** Supply or implant usage id, procedure id, or the accommodation period. */
  @Column({ name: 'source_reference', type: 'text', nullable: true })
  sourceReference!: string | null;

  @Column({ type: 'text' })
  status!: ChargeStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'reversed_at', type: 'timestamptz', nullable: true })
  reversedAt!: Date | null;

  @Column({ name: 'reversal_reason', type: 'text', nullable: true })
  reversalReason!: string | null;
}
