// The nursing units of the shared reference data (facility MGH), as the body of
// `POST /units/import`: the migration FacilityUnits1795400300000 loads them through the same
// reader, validation and import as the API, and the same body can be posted to a running service.

/** The facility of the reference units (REFERENCE_FACILITIES_IMPORT). */
const MGH = 'MGH';

/** Rooms `first`..`last`, each with the beds `beds`. */
function rooms(first: number, last: number, beds: readonly string[]) {
  return Array.from({ length: last - first + 1 }, (_, i) => ({
    roomId: String(first + i),
    beds: [...beds],
  }));
}

export const REFERENCE_UNITS_IMPORT = {
  units: [
    {
      unitId: '4W',
      facilityId: MGH,
      name: 'Medical-Surgical 4 West',
      costCenter: 'CC-4W',
      patientsPerRn: 5,
      rooms: rooms(401, 412, ['A', 'B']),
    },
    {
      unitId: '5E',
      facilityId: MGH,
      name: 'Telemetry 5 East',
      costCenter: 'CC-5E',
      patientsPerRn: 4,
      rooms: rooms(501, 510, ['A', 'B']),
    },
    {
      unitId: 'ICU',
      facilityId: MGH,
      name: 'Medical ICU',
      costCenter: 'CC-ICU',
      patientsPerRn: 2,
      rooms: rooms(601, 610, ['A']),
    },
    {
      unitId: 'PEDS',
      facilityId: MGH,
      name: 'Pediatrics',
      costCenter: 'CC-PEDS',
      patientsPerRn: 4,
      rooms: rooms(701, 706, ['A', 'B']),
    },
  ],
} as const;
