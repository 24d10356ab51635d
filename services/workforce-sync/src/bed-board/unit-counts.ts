import type { EntityManager } from 'typeorm';
import { countsByStatus } from './census.js';
import type { UnitCounts } from './census.js';

/**
 * Bed counts by status and patients without a bed, per unit (`unitIds`, or every unit); a unit
 * without beds or patients is missing from the map.
 */
export async function unitCounts(
  manager: EntityManager,
  unitIds?: readonly string[],
): Promise<Map<string, UnitCounts>> {
  const where = unitIds === undefined ? 'true' : 'unit_id = ANY($1)';
  const params = unitIds === undefined ? [] : [unitIds];
  const beds = await manager.query<{ unit_id: string; status: string; count: number }[]>(
    `SELECT unit_id, status, count(*)::int AS count FROM bed WHERE ${where} GROUP BY unit_id, status`,
    params,
  );
  const bedless = await manager.query<{ unit_id: string; count: number }[]>(
    `SELECT unit_id, count(*)::int AS count FROM encounter_placement
     WHERE ${where} AND status = 'ACTIVE' AND bed_id IS NULL GROUP BY unit_id`,
    params,
  );
  const ids = new Set([...beds, ...bedless].map((row) => row.unit_id));
  return new Map(
    [...ids].map((unitId) => [
      unitId,
      {
        bedsByStatus: countsByStatus(beds.filter((row) => row.unit_id === unitId)),
        patientsWithoutBed: bedless.find((row) => row.unit_id === unitId)?.count ?? 0,
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
export async function countsOf(manager: EntityManager, unitId: string): Promise<UnitCounts> {
  return (await unitCounts(manager, [unitId])).get(unitId) ?? NO_COUNTS;
}
