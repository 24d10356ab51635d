import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A nursing unit of the bed board, with the staffing demand last published for it. */
@Entity({ name: 'unit' })
export class Unit {
  @PrimaryColumn({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'facility_id', type: 'text' })
  facilityId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'cost_center', type: 'text' })
  costCenter!: string;

  /** Census of the last StaffingDemandChanged published; null before the first. */
  @Column({ name: 'demand_census', type: 'int', nullable: true })
  demandCensus!: number | null;

  /** Required RNs of the last StaffingDemandChanged published; null before the first. */
  @Column({ name: 'demand_headcount', type: 'int', nullable: true })
  demandHeadcount!: number | null;
}

/** A cost center of the roster; the units' are seeded with them. */
@Entity({ name: 'cost_center' })
export class CostCenter {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;
}
