import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ValueTransformer } from 'typeorm';
import { formatRatio, parseRatio } from '../staffing/staffing.js';
import type { PatientsPerRn } from '../staffing/staffing.js';

/** numeric(5,2) patients per RN <-> hundredths. */
const RATIO_COLUMN: ValueTransformer = {
  to: (ratio: PatientsPerRn): string => formatRatio(ratio),
  from: (stored: string): PatientsPerRn => {
    const ratio = parseRatio(stored);
    if (ratio === undefined) throw new Error(`not a patients-per-RN ratio: ${stored}`);
    return ratio;
  },
};

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

  /** Target patients per RN, as imported (STAFFING_RATIOS may override it), in hundredths. */
  @Column({ name: 'patients_per_rn', type: 'numeric', transformer: RATIO_COLUMN })
  patientsPerRn!: PatientsPerRn;

  /** Census of the last StaffingDemandChanged published; null before the first. */
  @Column({ name: 'demand_census', type: 'int', nullable: true })
  demandCensus!: number | null;

  /** Required RNs of the last StaffingDemandChanged published; null before the first. */
  @Column({ name: 'demand_headcount', type: 'int', nullable: true })
  demandHeadcount!: number | null;
}

/** A cost center of the roster; importing a unit creates its cost center when it is new. */
@Entity({ name: 'cost_center' })
export class CostCenter {
  @PrimaryColumn({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;
}
