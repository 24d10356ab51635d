import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PatientClass } from '@meridian/contracts';

/**
 * The charges a saga finalized, once per saga (the key that makes a resent FinalizeCharges
 * answer the same charges): the header of the saga's ENCOUNTER charge lines, and the implant
 * charges of the encounter it billed with them.
 */
@Entity({ name: 'charge_finalization' })
export class ChargeFinalization {
  @PrimaryColumn({ name: 'saga_id', type: 'uuid' })
  sagaId!: string;

  @Column({ name: 'encounter_id', type: 'text' })
  encounterId!: string;

  @Column({ name: 'patient_class', type: 'text' })
  patientClass!: PatientClass;

  /** Every billed charge: the ENCOUNTER lines and the implant charges. */
  @Column({ name: 'total_amount', type: 'numeric', precision: 14, scale: 2 })
  totalAmount!: string;

  /** The encounter's ACTIVE implant charges when it was finalized (implant-to-invoice step 3). */
  @Column({ name: 'implant_charge_ids', type: 'uuid', array: true, default: () => "'{}'" })
  implantChargeIds!: string[];

  @Column({ type: 'text' })
  currency!: string;

  @Column({ name: 'finalized_at', type: 'timestamptz' })
  finalizedAt!: Date;
}
