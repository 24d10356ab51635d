// A claim and its service lines: one file, as the two entities reference each other.
import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { ClaimType, CodedDiagnosis, CodedProcedure, PatientClass } from '@meridian/contracts';

export type ClaimStatus = 'SUBMITTED' | 'VOIDED';

/** An institutional claim (837I / UB-04) of an encounter, one per saga. */
@Entity({ name: 'claim' })
export class Claim {
  /** `CLM-` and 8 uppercase hex digits (patient control number, CLM01). */
  @PrimaryColumn({ name: 'claim_id', type: 'text' })
  claimId!: string;

  @Column({ name: 'saga_id', type: 'uuid' })
  sagaId!: string;

  @Column({ name: 'encounter_id', type: 'text' })
  encounterId!: string;

  @Column({ name: 'claim_type', type: 'text' })
  claimType!: ClaimType;

  @Column({ name: 'payer_id', type: 'text' })
  payerId!: string;

  @Column({ name: 'plan_id', type: 'text', nullable: true })
  planId!: string | null;

  @Column({ name: 'patient_class', type: 'text' })
  patientClass!: PatientClass;

  @Column({ name: 'type_of_bill', type: 'text' })
  typeOfBill!: string;

  @Column({ name: 'statement_from', type: 'date' })
  statementFrom!: string;

  @Column({ name: 'statement_through', type: 'date' })
  statementThrough!: string;

  @Column({ name: 'billing_provider_npi', type: 'text' })
  billingProviderNpi!: string;

  @Column({ name: 'attending_provider_npi', type: 'text', nullable: true })
  attendingProviderNpi!: string | null;

  @Column({ name: 'principal_diagnosis_code', type: 'text' })
  principalDiagnosisCode!: string;

  @Column({ name: 'drg_code', type: 'text', nullable: true })
  drgCode!: string | null;

  @Column({ type: 'jsonb' })
  diagnoses!: CodedDiagnosis[];

  @Column({ type: 'jsonb' })
  procedures!: CodedProcedure[];

  @Column({ name: 'charge_ids', type: 'jsonb' })
  chargeIds!: string[];

  @Column({ name: 'total_charge', type: 'numeric', precision: 14, scale: 2 })
  totalCharge!: string;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'text' })
  status!: ClaimStatus;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ name: 'voided_at', type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;

  @Column({ name: 'void_reason', type: 'text', nullable: true })
  voidReason!: string | null;

  @OneToMany(() => ClaimLineRow, (line) => line.claim, { cascade: ['insert'] })
  lines!: ClaimLineRow[];
}

/** One service line of a claim (UB-04 FL42-47). */
@Entity({ name: 'claim_line' })
export class ClaimLineRow {
  @PrimaryColumn({ name: 'claim_id', type: 'text' })
  claimId!: string;

  @PrimaryColumn({ name: 'line_number', type: 'int' })
  lineNumber!: number;

  @ManyToOne(() => Claim, (claim) => claim.lines)
  @JoinColumn({ name: 'claim_id' })
  claim!: Relation<Claim>;

  @Column({ name: 'revenue_code', type: 'text' })
  revenueCode!: string;

  @Column({ name: 'cpt_hcpcs_code', type: 'text', nullable: true })
  cptHcpcsCode!: string | null;

  @Column({ name: 'service_date', type: 'date', nullable: true })
  serviceDate!: string | null;

  @Column({ type: 'int' })
  units!: number;

  @Column({ name: 'charge_amount', type: 'numeric', precision: 14, scale: 2 })
  chargeAmount!: string;
}
