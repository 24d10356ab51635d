import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { UdiIssuingAgencyCode } from '../implants/implant-usage.entity.js';

export const RECALL_CLASSES = ['I', 'II', 'III'] as const;
export type RecallClass = (typeof RECALL_CLASSES)[number];

/**
 * A device recall (reference data, loaded through POST/PUT /recalls). It covers the devices of one
 * device identifier: the listed lots, the lots of the inclusive range lotFrom..lotTo, the listed
 * serials, or — none of these given — every device of the identifier. Active from startDate to
 * endDate (inclusive, facility dates; no endDate = still active).
 */
@Entity({ name: 'device_recall' })
@Index('device_recall_device', ['issuingAgency', 'deviceIdentifier'])
export class DeviceRecall {
  /** e.g. the FDA recall number Z-1234-2026. */
  @PrimaryColumn({ name: 'recall_number', type: 'text' })
  recallNumber!: string;

  @Column({ name: 'recall_class', type: 'text' })
  recallClass!: RecallClass;

  @Column({ name: 'issuing_agency', type: 'text' })
  issuingAgency!: UdiIssuingAgencyCode;

  @Column({ name: 'device_identifier', type: 'text' })
  deviceIdentifier!: string;

  @Column({ type: 'text', array: true })
  lots!: string[];

  @Column({ name: 'lot_from', type: 'text', nullable: true })
  lotFrom!: string | null;

  @Column({ name: 'lot_to', type: 'text', nullable: true })
  lotTo!: string | null;

  @Column({ type: 'text', array: true })
  serials!: string[];

  /** `YYYY-MM-DD`. */
  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  /** `YYYY-MM-DD`; null while the recall is open. */
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  /** The start of startDate in FACILITY_TIMEZONE. */
  @Column({ name: 'active_from', type: 'timestamptz' })
  activeFrom!: Date;

  /** The end of endDate in FACILITY_TIMEZONE (exclusive); null while the recall is open. */
  @Column({ name: 'active_until', type: 'timestamptz', nullable: true })
  activeUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
