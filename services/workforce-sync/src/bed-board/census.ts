// Unit census from the bed board: occupied beds plus the unit's patients without a bed.
import type { BedStatus } from '@meridian/contracts';

/** The statuses a bed on the board has (the schema's UNKNOWN is for readers only). */
export const BOARD_STATUSES = [
  'AVAILABLE',
  'OCCUPIED',
  'CLEANING',
  'BLOCKED',
] as const satisfies readonly BedStatus[];

export type BoardStatus = (typeof BOARD_STATUSES)[number];

export function isBoardStatus(value: string): value is BoardStatus {
  return (BOARD_STATUSES as readonly string[]).includes(value);
}

/** What the census of a unit is computed from. */
export interface UnitCounts {
  readonly bedsByStatus: Readonly<Record<BoardStatus, number>>;
  /** Active patients of the unit who hold no bed (unit-only location, or a bed conflict). */
  readonly patientsWithoutBed: number;
}

export interface CensusSummary extends UnitCounts {
  readonly census: number;
  readonly occupiedBeds: number;
  /** Beds in service: every bed but the BLOCKED ones. */
  readonly staffedBeds: number;
  readonly availableBeds: number;
}

export function summarize(counts: UnitCounts): CensusSummary {
  const { bedsByStatus, patientsWithoutBed } = counts;
  const total = BOARD_STATUSES.reduce((sum, status) => sum + bedsByStatus[status], 0);
  return {
    bedsByStatus,
    patientsWithoutBed,
    census: bedsByStatus.OCCUPIED + patientsWithoutBed,
    occupiedBeds: bedsByStatus.OCCUPIED,
    staffedBeds: total - bedsByStatus.BLOCKED,
    availableBeds: bedsByStatus.AVAILABLE,
  };
}

/** Counts by status from `(status, count)` rows; a status without a row counts 0. */
export function countsByStatus(
  rows: readonly { readonly status: string; readonly count: number }[],
): Record<BoardStatus, number> {
  const counts: Record<BoardStatus, number> = {
    AVAILABLE: 0,
    OCCUPIED: 0,
    CLEANING: 0,
    BLOCKED: 0,
  };
  for (const row of rows) if (isBoardStatus(row.status)) counts[row.status] += row.count;
  return counts;
}
