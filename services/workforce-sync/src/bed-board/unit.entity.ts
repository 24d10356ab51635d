import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ValueTransformer } from 'typeorm';
import { formatRatio, parseRatio } from '../staffing/staffing.js';
import type { PatientsPerRn } from '../staffing/staffing.js';

/** numeric(5,2) patients per RN <-> hundredths (null: an unconfigured unit). */
const RATIO_COLUMN: ValueTransformer = {
  to: (ratio: PatientsPerRn | null): string | null => (ratio === null ? null : formatRatio(ratio)),
  from: (stored: string | null): PatientsPerRn | null => {
    if (stored === null) return null;
    const ratio = parseRatio(stored);
    if (ratio === undefined) throw new Error(`not a patients-per-RN ratio: ${stored}`);
    return ratio;
  },
};

/**
 * A nursing unit of the bed board, by facility and unit code, with the staffing demand last
 * published for it. An unconfigured unit was first seen in ADT: it has the rooms and beds ADT
 * named, no cost center and no ratio until it is imported.
 */
@Entity({ name: 'unit' })
export class Unit {
  @PrimaryColumn({ name: 'facility_id', type: 'text' })
  facilityId!: string;

  @PrimaryColumn({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** False for a unit first seen in ADT and not imported since. */
  @Column({ type: 'boolean' })
  configured!: boolean;

  /** Null exactly while the unit is unconfigured. */
  @Column({ name: 'cost_center', type: 'text', nullable: true })
  costCenter!: string | null;

  /** Target patients per RN, as imported (STAFFING_RATIOS may override it), in hundredths. */
  @Column({
    name: 'patients_per_rn',
    type: 'numeric',
    nullable: true,
    transformer: RATIO_COLUMN,
  })
  patientsPerRn!: PatientsPerRn | null;

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
