import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A facility (hospital) of the network: PV1-3.4 of its ADT locations. Imported as reference data,
 * or created unconfigured when ADT names a facility first.
 */
@Entity({ name: 'facility' })
export class Facility {
  @PrimaryColumn({ name: 'facility_id', type: 'text' })
  facilityId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** IANA time zone of the facility, e.g. America/New_York; null when not given. */
  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone!: string | null;

  /** False for a facility first seen in ADT and not imported since. */
  @Column({ type: 'boolean' })
  configured!: boolean;
}
