import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An implant usage reported NOT_IMPLANTED: its patient charge is reversed, whenever it is posted. */
@Entity({ name: 'implant_not_implanted' })
export class NotImplantedUsage {
  @PrimaryColumn({ name: 'usage_id', type: 'uuid' })
  usageId!: string;

  @Column({ name: 'encounter_id', type: 'text' })
  encounterId!: string;

  @Column({ name: 'reported_at', type: 'timestamptz' })
  reportedAt!: Date;
}
