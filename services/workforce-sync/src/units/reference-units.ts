// The nursing units of the shared reference data (facility MGH), seeded into the bed board by
// BedBoardSeed1795400100000. Changing them needs a new migration as well.

export const FACILITY_ID = 'MGH';

export interface ReferenceUnit {
  readonly unitId: string;
  readonly name: string;
  readonly costCenter: string;
  /** First and last room number; every room has the beds `beds`. */
  readonly rooms: readonly [number, number];
  readonly beds: readonly string[];
}

export const REFERENCE_UNITS: readonly ReferenceUnit[] = [
  {
    unitId: '4W',
    name: 'Medical-Surgical 4 West',
    costCenter: 'CC-4W',
    rooms: [401, 412],
    beds: ['A', 'B'],
  },
  {
    unitId: '5E',
    name: 'Telemetry 5 East',
    costCenter: 'CC-5E',
    rooms: [501, 510],
    beds: ['A', 'B'],
  },
  { unitId: 'ICU', name: 'Medical ICU', costCenter: 'CC-ICU', rooms: [601, 610], beds: ['A'] },
  {
    unitId: 'PEDS',
    name: 'Pediatrics',
    costCenter: 'CC-PEDS',
    rooms: [701, 706],
    beds: ['A', 'B'],
  },
];

export const UNIT_IDS: readonly string[] = REFERENCE_UNITS.map((u) => u.unitId);

/** Patients per RN of each unit unless STAFFING_RATIOS says otherwise. */
export const DEFAULT_STAFFING_RATIOS = '4W=5,5E=4,ICU=2,PEDS=4';

/** The (room, bed) pairs of a unit, room by room. */
export function bedsOf(unit: ReferenceUnit): { roomId: string; bedId: string }[] {
  const [first, last] = unit.rooms;
  return Array.from({ length: last - first + 1 }, (_, i) => String(first + i)).flatMap((roomId) =>
    unit.beds.map((bedId) => ({ roomId, bedId })),
  );
}
