// A nursing unit as reference data: what `PUT /units/{unitId}` and `POST /units/import` carry.
import type { PatientsPerRn } from '../staffing/staffing.js';

/** The facility of a new unit whose definition names none (the one facility of the reference data). */
export const DEFAULT_FACILITY_ID = 'MGH';

export interface RoomDefinition {
  readonly roomId: string;
  /** Bed ids of the room, e.g. ['A', 'B']: PV1-3's bed component. */
  readonly beds: readonly string[];
}

export interface UnitDefinition {
  readonly unitId: string;
  /** null: the unit keeps its facility; a new unit gets DEFAULT_FACILITY_ID. */
  readonly facilityId: string | null;
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
