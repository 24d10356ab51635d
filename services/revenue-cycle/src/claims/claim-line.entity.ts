import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { Claim } from './claim.entity.js';

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
