import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A chargeable supply line as stored with its reconciliation (JSON: `usedAt` is ISO). */
export interface StoredSupplyLine {
  readonly usageId: string;
  readonly itemId: string;
  readonly chargeCode: string;
  readonly hcpcsCode: string | null;
  readonly quantity: number;
  readonly unitOfMeasure: string;
  readonly usedAt: string;
}

/**
 * The answer given to one saga's ReconcileEncounterSupplies: kept so that a resent command (a new
 * messageId after a reply timeout) gets the same lines instead of a second reconciliation.
 */
@Entity({ name: 'supply_reconciliation' })
export class SupplyReconciliation {
  @PrimaryColumn({ name: 'saga_id', type: 'uuid' })
  sagaId!: string;

  @Column({ name: 'step_name', type: 'text' })
  stepName!: string;

  @Column({ name: 'encounter_id', type: 'text' })
  encounterId!: string;

  /** The usages reconciled were used in [windowStart, windowEnd]. */
  @Column({ name: 'window_start', type: 'timestamptz' })
  windowStart!: Date;

  @Column({ name: 'window_end', type: 'timestamptz' })
  windowEnd!: Date;

  /** Non-voided usages in the window, chargeable or not. */
  @Column({ name: 'usage_count', type: 'int' })
  usageCount!: number;

  @Column({ type: 'jsonb' })
  lines!: StoredSupplyLine[];

  @CreateDateColumn({ name: 'reconciled_at', type: 'timestamptz' })
  reconciledAt!: Date;
}
