import type { EntityManager } from 'typeorm';
import { unitName } from '../units/unit-definition.js';
import type { UnitKey } from '../units/unit-definition.js';
import { countsByStatus } from './census.js';
import type { UnitCounts } from './census.js';

/** A row of the counts: `unit` is the unit's `unitName` (`MGH:4W`). */
interface CountRow {
  readonly unit: string;
  readonly count: number;
}

/**
 * Bed counts by status and patients without a bed, per unit (`units`, or every unit), keyed by
 * `unitName`; a unit without beds or patients is missing from the map.
 */
export async function unitCounts(
  manager: EntityManager,
  units?: readonly UnitKey[],
): Promise<Map<string, UnitCounts>> {
  const name = "facility_id || ':' || unit_id";
  const where =
    units === undefined
      ? 'true'
      : '(facility_id, unit_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))';
  const params =
    units === undefined ? [] : [units.map((u) => u.facilityId), units.map((u) => u.unitId)];
  const beds = await manager.query<(CountRow & { status: string })[]>(
    `SELECT ${name} AS unit, status, count(*)::int AS count FROM bed WHERE ${where}
     GROUP BY facility_id, unit_id, status`,
    params,
  );
  const bedless = await manager.query<CountRow[]>(
    `SELECT ${name} AS unit, count(*)::int AS count FROM encounter_placement
     WHERE ${where} AND status = 'ACTIVE' AND bed_id IS NULL GROUP BY facility_id, unit_id`,
    params,
  );
  const keys = new Set([...beds, ...bedless].map((row) => row.unit));
  return new Map(
    [...keys].map((unit) => [
      unit,
      {
        bedsByStatus: countsByStatus(beds.filter((row) => row.unit === unit)),
        patientsWithoutBed: bedless.find((row) => row.unit === unit)?.count ?? 0,
      },
    ]),
  );
}

/** A unit without beds or patients. */
export const NO_COUNTS: UnitCounts = {
  bedsByStatus: { AVAILABLE: 0, OCCUPIED: 0, CLEANING: 0, BLOCKED: 0 },
  patientsWithoutBed: 0,
};

/** The counts of one unit (all zero for a unit without beds or patients). */
export async function countsOf(manager: EntityManager, unit: UnitKey): Promise<UnitCounts> {
  return (await unitCounts(manager, [unit])).get(unitName(unit)) ?? NO_COUNTS;
}
