// The body of `POST /units/import`, read through the shared bulk-import reader: JSON (a bare
// array or `{ "units": [...] }`, each unit with its rooms and beds) or text/csv with one row per
// bed, grouped into units. Every problem names its row: `row 3: bedId`.
import {
  InvalidRequestException,
  isCsv,
  readImport,
  readPut,
  rowError,
} from '@meridian/service-kit';
import type { FieldError, ImportRow, ImportSpec } from '@meridian/service-kit';
import { unitName } from './unit-definition.js';
import type { UnitDefinition, UnitKey } from './unit-definition.js';
import {
  BED_ROW_COLUMNS,
  LIMITS,
  validateBedRow,
  validateUnitRow,
} from './unit-import.validation.js';
import type { BedRow } from './unit-import.validation.js';

/** A unit of an import with the row that names it (a CSV unit: its first bed row). */
export interface ImportedUnit extends ImportRow<UnitDefinition> {
  /** The field that lists the unit's beds: `rooms` (JSON) or `roomId` (CSV). */
  readonly roomsField: string;
}

/** Bed rows of one CSV import: at most the beds of this many full units. */
const MAX_BED_ROWS = 5_000;

const UNITS_JSON: ImportSpec<UnitDefinition> = {
  what: 'unit',
  maxRows: LIMITS.units,
  listField: 'units',
  columns: [],
  validateRow: validateUnitRow,
  key: ['facilityId', 'unitId'],
};

const BEDS_CSV: ImportSpec<BedRow> = {
  what: 'bed row',
  maxRows: MAX_BED_ROWS,
  listField: 'units',
  columns: BED_ROW_COLUMNS,
  validateRow: validateBedRow,
};

/** What the OpenAPI document says of the import's two forms (`ApiImport`). */
export const UNIT_IMPORT_DOCS = {
  listField: UNITS_JSON.listField,
  columns: BEDS_CSV.columns,
  maxRows: UNITS_JSON.maxRows,
  limit: `${UNITS_JSON.maxRows} units (JSON) or ${MAX_BED_ROWS.toLocaleString('en-US')} bed rows (CSV)`,
} as const;

/** A unit being gathered from its bed rows. */
interface Gathered {
  readonly first: ImportRow<BedRow>;
  readonly rooms: Map<string, { readonly beds: string[]; readonly rows: number[] }>;
}

/** The first difference of a bed row's unit fields from its unit's first row, if any. */
function differs(row: ImportRow<BedRow>, first: ImportRow<BedRow>): FieldError | null {
  for (const field of ['name', 'costCenter', 'patientsPerRn'] as const) {
    if (row.value[field] !== first.value[field])
      return rowError(row.row, field, `differs from row ${first.row}, the unit's first row`);
  }
  return null;
}

/** Adds the bed of `row` to its unit, or reports why it cannot be. */
function gather(units: Map<string, Gathered>, row: ImportRow<BedRow>): FieldError | null {
  const { roomId, bedId } = row.value;
  const key = unitName(row.value);
  const unit = units.get(key) ?? { first: row, rooms: new Map() };
  units.set(key, unit);
  const different = differs(row, unit.first);
  if (different) return different;
  const room = unit.rooms.get(roomId) ?? { beds: [], rows: [] };
  const repeat = room.beds.indexOf(bedId);
  if (repeat >= 0)
    return rowError(row.row, 'bedId', `repeats bed ${roomId}/${bedId} of row ${room.rows[repeat]}`);
  if (!unit.rooms.has(roomId) && unit.rooms.size >= LIMITS.rooms)
    return rowError(row.row, 'roomId', `a unit has at most ${LIMITS.rooms} rooms`);
  if (room.beds.length >= LIMITS.beds)
    return rowError(row.row, 'bedId', `a room has at most ${LIMITS.beds} beds`);
  room.beds.push(bedId);
  room.rows.push(row.row);
  unit.rooms.set(roomId, room);
  return null;
}

/** CSV bed rows grouped into units, in the order their first rows come. */
function unitsOfBeds(rows: readonly ImportRow<BedRow>[]): ImportedUnit[] {
  const units = new Map<string, Gathered>();
  const errors = rows.flatMap((row) => gather(units, row) ?? []);
  if (errors.length > 0) throw new InvalidRequestException(errors);
  return [...units.values()].map(({ first, rooms }) => {
    const { facilityId, unitId, name, costCenter, patientsPerRn } = first.value;
    const listed = [...rooms].map(([roomId, { beds }]) => ({ roomId, beds }));
    return {
      row: first.row,
      roomsField: 'roomId',
      value: { facilityId, unitId, name, costCenter, patientsPerRn, rooms: listed },
    };
  });
}

/**
 * The units of a `POST /units/import` body, or a 400 naming every invalid row and field. `body`
 * is the parsed JSON, or the text of a text/csv body.
 */
export function readUnitImport(body: unknown, contentType: string | undefined): ImportedUnit[] {
  if (isCsv(contentType)) return unitsOfBeds(readImport(body, contentType, BEDS_CSV));
  return readImport(body, contentType, UNITS_JSON).map((unit) => ({
    ...unit,
    roomsField: 'rooms',
  }));
}

/**
 * The body of `PUT /facilities/{facilityId}/units/{unitId}`: the unit's whole definition with the
 * facility and unit of the path (which the body may repeat, not contradict), or a 400 naming
 * every invalid field.
 */
export function readUnitPut(body: unknown, key: UnitKey): UnitDefinition {
  return readPut(UNITS_JSON, { facilityId: key.facilityId, unitId: key.unitId }, body);
}
