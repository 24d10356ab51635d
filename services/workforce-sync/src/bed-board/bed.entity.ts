import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BoardStatus } from './census.js';

/** A bed, identified by (facility, unit, room, bed) as PV1-3 names it: `4W^401^A^MGH`. */
@Entity({ name: 'bed' })
export class Bed {
  @PrimaryColumn({ name: 'facility_id', type: 'text' })
  facilityId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @PrimaryColumn({ name: 'room_id', type: 'text' })
  roomId!: string;

  @PrimaryColumn({ name: 'bed_id', type: 'text' })
  bedId!: string;

  @Column({ type: 'text' })
  status!: BoardStatus;

  /** The encounter occupying the bed; set exactly when the status is OCCUPIED. */
  @Column({ name: 'encounter_id', type: 'text', nullable: true })
  encounterId!: string | null;

  /** When the bed got its current status. */
  @Column({ type: 'timestamptz' })
  since!: Date;
}
