import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * ACTIVE: the patient is on the unit (counted in its census). RELEASED: discharged, bed released
 * (ReleaseBed). CANCELLED: the admission was cancelled (ADT^A11).
 */
export type PlacementStatus = 'ACTIVE' | 'RELEASED' | 'CANCELLED';

/** Where an encounter is on the bed board: its unit and the bed it holds (or last held). */
@Entity({ name: 'encounter_placement' })
export class Placement {
  @PrimaryColumn({ name: 'encounter_id', type: 'text' })
  encounterId!: string;

  @Column({ name: 'facility_id', type: 'text' })
  facilityId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  /** Room and bed held while ACTIVE, last held otherwise; null for a patient without a bed. */
  @Column({ name: 'room_id', type: 'text', nullable: true })
  roomId!: string | null;

  @Column({ name: 'bed_id', type: 'text', nullable: true })
  bedId!: string | null;

  @Column({ type: 'text' })
  status!: PlacementStatus;

  /** Bed conflict flag: the bed ADT assigned while another encounter occupied it. */
  @Column({ name: 'conflict_room_id', type: 'text', nullable: true })
  conflictRoomId!: string | null;

  @Column({ name: 'conflict_bed_id', type: 'text', nullable: true })
  conflictBedId!: string | null;

  /** When the placement got its current status or location. */
  @Column({ type: 'timestamptz' })
  since!: Date;
}
