// The bodies of `PUT /facilities/{facilityId}/units/{unitId}` and the rows of `POST /units/import`,
// checked field by field: every problem is reported with its path, e.g. `rooms[2].beds[0]`.
import { isCode } from '@meridian/contracts';
import type { FieldError, RowResult } from '@meridian/service-kit';
import { parseRatio } from '../staffing/staffing.js';
import type { PatientsPerRn } from '../staffing/staffing.js';
import type { BedRef, RoomDefinition, UnitDefinition, UnitKey } from './unit-definition.js';

/** What every row of a unit carries besides its key and rooms. */
export type UnitAttributes = Pick<UnitDefinition, 'name' | 'costCenter' | 'patientsPerRn'>;

/** A CSV row of a unit import: one bed with its unit's fields. */
export interface BedRow extends UnitKey, UnitAttributes, BedRef {}

/** Units per import, rooms per unit, beds per room. */
export const LIMITS = { units: 200, rooms: 300, beds: 12 } as const;

const UNIT_FIELDS = ['facilityId', 'unitId', 'name', 'costCenter', 'patientsPerRn', 'rooms'];

/** The columns of a CSV unit import: one row per bed. */
export const BED_ROW_COLUMNS = [
  'facilityId',
  'unitId',
  'name',
  'costCenter',
  'patientsPerRn',
  'roomId',
  'bedId',
] as const;
const ROOM_FIELDS = ['roomId', 'beds'];

export const MAX = { unitId: 32, facilityId: 32, costCenter: 32, roomId: 16, bedId: 16, name: 100 };
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** `path` + `name`: `rooms[2]` + `beds` is `rooms[2].beds`; a number is an index. */
function at(path: string, name: string | number): string {
  if (typeof name === 'number') return `${path}[${name}]`;
  return path === '' ? name : `${path}.${name}`;
}

/** Collects every problem of one body (or import row). */
export class Checker {
  readonly errors: FieldError[] = [];

  fail<T>(field: string, message: string, placeholder: T): T {
    this.errors.push({ field, message });
    return placeholder;
  }

  /** The JSON object at `path` with unknown fields reported, or null. */
  object(value: unknown, path: string, known: readonly string[]): Record<string, unknown> | null {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return this.fail(path === '' ? 'body' : path, 'must be a JSON object', null);
    const fields = value as Record<string, unknown>;
    for (const name of Object.keys(fields))
      if (!known.includes(name)) this.fail(at(path, name), 'is not a known field', null);
    return fields;
  }

  /** A JSON array of 1 to `max` elements at `field` (`what`s), or none after reporting it. */
  list(value: unknown, field: string, what: string, max: number): readonly unknown[] {
    if (!Array.isArray(value)) return this.fail(field, `must be an array of ${what}s`, []);
    if (value.length === 0) return this.fail(field, `must list at least one ${what}`, []);
    if (value.length > max) return this.fail(field, `must list at most ${max} ${what}s`, []);
    return value;
  }

  code(value: unknown, field: string, max: number): string {
    if (typeof value === 'string' && isCode(value, max)) return value;
    return this.fail(field, `must be a code of 1 to ${max} letters, digits, '.', '_' or '-'`, '');
  }

  name(value: unknown, field: string): string {
    const name = typeof value === 'string' ? value.trim() : '';
    if (name.length > 0 && name.length <= MAX.name && !CONTROL.test(name)) return name;
    return this.fail(field, `must be a text of 1 to ${MAX.name} characters`, '');
  }

  /** Patients per RN: a number or a decimal string above 0, at most 999.99, 2 decimals. */
  ratio(value: unknown, field: string): PatientsPerRn {
    const raw = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    const ratio = typeof raw === 'string' ? parseRatio(raw) : undefined;
    return (
      ratio ??
      this.fail(
        field,
        'must be patients per RN above 0 and at most 999.99, with at most 2 decimals',
        0,
      )
    );
  }

  /** Reports `value` at `field` when an earlier element had it: `what` names the kind. */
  unique(seen: Map<string, string>, value: string, field: string, what: string): void {
    if (value === '') return;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, field);
    else this.fail(field, `repeats ${what} ${value} of ${first}`, undefined);
  }

  room(value: unknown, path: string): RoomDefinition {
    const fields = this.object(value, path, ROOM_FIELDS);
    if (!fields) return { roomId: '', beds: [] };
    const roomId = this.code(fields['roomId'], at(path, 'roomId'), MAX.roomId);
    const bedsPath = at(path, 'beds');
    const seen = new Map<string, string>();
    const beds = this.list(fields['beds'], bedsPath, 'bed', LIMITS.beds).map((bed, i) => {
      const field = at(bedsPath, i);
      const bedId = this.code(bed, field, MAX.bedId);
      this.unique(seen, bedId, field, 'bed');
      return bedId;
    });
    return { roomId, beds };
  }

  /** The unit's id field `name` (`facilityId`, `unitId`). */
  private key(fields: Record<string, unknown>, name: keyof UnitKey, path: string): string {
    return this.code(fields[name], at(path, name), MAX[name]);
  }

  /** A unit at `path`. */
  unit(value: unknown, path: string): UnitDefinition {
    const fields = this.object(value, path, UNIT_FIELDS) ?? {};
    const facilityId = this.key(fields, 'facilityId', path);
    const unitId = this.key(fields, 'unitId', path);
    const attributes = this.attributes(fields, path);
    const roomsPath = at(path, 'rooms');
    const seen = new Map<string, string>();
    const rooms = this.list(fields['rooms'], roomsPath, 'room', LIMITS.rooms).map((room, i) => {
      const read = this.room(room, at(roomsPath, i));
      this.unique(seen, read.roomId, at(at(roomsPath, i), 'roomId'), 'room');
      return read;
    });
    return { facilityId, unitId, ...attributes, rooms };
  }

  /** A unit's name, cost center and ratio. */
  attributes(fields: Record<string, unknown>, path: string): UnitAttributes {
    return {
      name: this.name(fields['name'], at(path, 'name')),
      costCenter: this.code(fields['costCenter'], at(path, 'costCenter'), MAX.costCenter),
      patientsPerRn: this.ratio(fields['patientsPerRn'], at(path, 'patientsPerRn')),
    };
  }

  result<T>(value: T): RowResult<T> {
    return this.errors.length > 0 ? { ok: false, errors: this.errors } : { ok: true, value };
  }
}

/**
 * One unit of a JSON `POST /units/import`, its facilityId and unitId included; the body of
 * `PUT /facilities/{facilityId}/units/{unitId}` with the unit of its path.
 */
export function validateUnitRow(row: Readonly<Record<string, unknown>>): RowResult<UnitDefinition> {
  const check = new Checker();
  return check.result(check.unit(row, ''));
}

/** One bed row of a CSV `POST /units/import`: the unit's fields repeated on each of its beds. */
export function validateBedRow(row: Readonly<Record<string, unknown>>): RowResult<BedRow> {
  const check = new Checker();
  const fields = check.object(row, '', BED_ROW_COLUMNS) ?? {};
  return check.result({
    facilityId: check.code(fields['facilityId'], 'facilityId', MAX.facilityId),
    unitId: check.code(fields['unitId'], 'unitId', MAX.unitId),
    ...check.attributes(fields, ''),
    roomId: check.code(fields['roomId'], 'roomId', MAX.roomId),
    bedId: check.code(fields['bedId'], 'bedId', MAX.bedId),
  });
}
