// A nursing unit as reference data: what `PUT /facilities/{facilityId}/units/{unitId}` and
// `POST /units/import` carry. A unit is identified by its facility and its code within it: unit
// 4W of MGH and unit 4W of BWH are two units.
import type { PatientsPerRn } from '../staffing/staffing.js';

/** A unit by its facility and its code there (PV1-3.4 and PV1-3.1). */
export interface UnitKey {
  readonly facilityId: string;
  readonly unitId: string;
}

/** `MGH:4W`: a unit's key as one text (codes never hold ':'), for maps, messages and logs. */
export function unitName(unit: UnitKey): string {
  return `${unit.facilityId}:${unit.unitId}`;
}

export interface RoomDefinition {
  readonly roomId: string;
  /** Bed ids of the room, e.g. ['A', 'B']: PV1-3's bed component. */
  readonly beds: readonly string[];
}

export interface UnitDefinition extends UnitKey {
  readonly name: string;
  /** Cost center of the unit's staff; created (named after the unit) when it is new. */
  readonly costCenter: string;
  readonly patientsPerRn: PatientsPerRn;
  /** Every room with every bed: beds not listed are removed from the board. */
  readonly rooms: readonly RoomDefinition[];
}

/** A bed by its room and bed id within a unit. */
export interface BedRef {
  readonly roomId: string;
  readonly bedId: string;
}
