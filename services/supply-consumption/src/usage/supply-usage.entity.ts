import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One non-implant supply used for an encounter. The item's billing attributes are copied at
 * recording time, so the usage, its SupplyUsed event and its claim line always agree.
 */
@Entity({ name: 'supply_usage' })
@Index('supply_usage_encounter', ['encounterId', 'usedAt'])
export class SupplyUsage {
  /** Chosen by the client for safe retries, or generated. */
  @PrimaryColumn({ name: 'usage_id', type: 'uuid' })
  usageId!: string;

  @Column({ name: 'encounter_id', type: 'text' })
  encounterId!: string;

  @Column({ name: 'item_id', type: 'text' })
  itemId!: string;

  @Column({ type: 'text', nullable: true })
  gtin!: string | null;

  @Column({ name: 'lot_number', type: 'text', nullable: true })
  lotNumber!: string | null;

  @Column({ name: 'serial_number', type: 'text', nullable: true })
  serialNumber!: string | null;

  /** `YYYY-MM-DD` from the scan (AI 17). */
  @Column({ name: 'expiration_date', type: 'date', nullable: true })
  expirationDate!: string | null;

  @Column({ type: 'int' })
  quantity!: number;

  @Column({ name: 'unit_of_measure', type: 'text' })
  unitOfMeasure!: string;

  @Column({ type: 'boolean' })
  chargeable!: boolean;

  @Column({ name: 'charge_code', type: 'text', nullable: true })
  chargeCode!: string | null;

  @Column({ name: 'hcpcs_code', type: 'text', nullable: true })
  hcpcsCode!: string | null;

  @Column({ name: 'unit_cost', type: 'numeric', precision: 14, scale: 2 })
  unitCost!: string;

  /** Nursing unit or department where it was used. */
  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'used_at', type: 'timestamptz' })
  usedAt!: Date;

  /** Staff id of who documented the usage. */
  @Column({ name: 'recorded_by', type: 'text', nullable: true })
  recordedBy!: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  /** Set when the usage was recorded in error: never charged. */
  @Column({ name: 'voided_at', type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;

  @Column({ name: 'void_reason', type: 'text', nullable: true })
  voidReason!: string | null;

  @Column({ name: 'voided_by', type: 'text', nullable: true })
  voidedBy!: string | null;

  /** The discharge-to-revenue saga that last reconciled it for a claim. */
  @Column({ name: 'reconciled_saga_id', type: 'uuid', nullable: true })
  reconciledSagaId!: string | null;

  @Column({ name: 'reconciled_at', type: 'timestamptz', nullable: true })
  reconciledAt!: Date | null;
}
