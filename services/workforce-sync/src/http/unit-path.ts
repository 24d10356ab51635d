import type { UnitKey } from '../units/unit-definition.js';

/** Paths of a unit: its facility's, and the default facility's shorthand without one. */
export function unitPaths(path: string): string[] {
  return [`facilities/:facilityId/units/:unitId${path}`, `units/:unitId${path}`];
}

/** The unit a path names; a path without a facility names one of the default facility. */
export function unitOfPath(
  defaultFacility: string,
  facilityId: string | undefined,
  unitId: string,
): UnitKey {
  return { facilityId: facilityId ?? defaultFacility, unitId };
}

export const FACILITY_PARAM = {
  name: 'facilityId',
  example: 'MGH',
  description:
    'Facility code (PV1-3.4). The same route without `/facilities/{facilityId}` names a unit of the default facility (DEFAULT_FACILITY).',
} as const;

export const UNIT_PARAM = {
  name: 'unitId',
  example: '4W',
  description: 'Unit code within the facility (PV1-3.1).',
} as const;
