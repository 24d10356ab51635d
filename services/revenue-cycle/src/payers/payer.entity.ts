import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';

/** What kind of coverage a payer sells (the family of X12 837 SBR09 claim filing indicators). */
export const PAYER_TYPES = ['MEDICARE', 'MEDICAID', 'COMMERCIAL', 'MANAGED_CARE', 'OTHER'] as const;
export type PayerType = (typeof PAYER_TYPES)[number];

/** A payer of the payer master: who a claim is billed to. */
@Entity({ name: 'payer' })
export class Payer {
  /** The id registration (ADT IN1-3, FHIR Coverage payor) sends, e.g. BCBS-PPO. */
  @PrimaryColumn({ name: 'payer_id', type: 'text' })
  payerId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'payer_type', type: 'text', nullable: true })
  payerType!: PayerType | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @OneToMany(() => PayerPlan, (plan) => plan.payer)
  plans!: PayerPlan[];
}

/** A plan (product) of a payer, e.g. BCBS-PPO-GOLD; its id is unique within the payer. */
@Entity({ name: 'payer_plan' })
export class PayerPlan {
  @PrimaryColumn({ name: 'payer_id', type: 'text' })
  payerId!: string;

  /** The id registration sends (ADT IN1-2, the FHIR Coverage class `plan`). */
  @PrimaryColumn({ name: 'plan_id', type: 'text' })
  planId!: string;

  @Column({ type: 'text' })
  name!: string;

  @ManyToOne(() => Payer, (payer) => payer.plans)
  @JoinColumn({ name: 'payer_id' })
  payer?: Payer;
}
