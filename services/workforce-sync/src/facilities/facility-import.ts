// Facilities as reference data: the one code path of `PUT /facilities/{facilityId}`,
// `POST /facilities/import` and the reference-data migration. Runs in the caller's transaction.
import type { ImportSpec } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';
import { Checker, MAX } from '../units/unit-import.validation.js';
import type { Validated } from '../units/unit-import.validation.js';

export interface FacilityDefinition {
  readonly facilityId: string;
  readonly name: string;
  /** IANA time zone, e.g. America/New_York; null when not given. */
  readonly timeZone: string | null;
}

export interface FacilityImportResult extends FacilityDefinition {
  /** The facility was new (it was neither imported nor seen in ADT before). */
  readonly created: boolean;
}

const FACILITY_FIELDS = ['facilityId', 'name', 'timeZone'] as const;

/** Facilities per import. */
const MAX_FACILITIES = 200;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function facility(check: Checker, value: unknown, pathFacilityId?: string): FacilityDefinition {
  const fields = check.object(value, '', FACILITY_FIELDS) ?? {};
  const given = fields['facilityId'];
  if (pathFacilityId !== undefined && given !== undefined && given !== pathFacilityId)
    check.fail('facilityId', `must be the facilityId of the path, ${pathFacilityId}`, undefined);
  const zone = fields['timeZone'];
  const timeZone =
    zone === undefined || zone === null
      ? null
      : typeof zone === 'string' && isTimeZone(zone)
        ? zone
        : check.fail('timeZone', 'must be an IANA time zone, e.g. America/New_York', null);
  return {
    facilityId: check.code(pathFacilityId ?? given, 'facilityId', MAX.facilityId),
    name: check.name(fields['name'], 'name'),
    timeZone,
  };
}

/** The body of `PUT /facilities/{facilityId}`: `{ name, timeZone? }` (facilityId optional). */
export function validateFacility(body: unknown, facilityId: string): Validated<FacilityDefinition> {
  const check = new Checker();
  return check.result(facility(check, body, facilityId));
}

/** One row of `POST /facilities/import` (JSON element or CSV row), with its facilityId. */
export function validateFacilityRow(
  row: Readonly<Record<string, unknown>>,
): Validated<FacilityDefinition> {
  const check = new Checker();
  return check.result(facility(check, row));
}

/** `POST /facilities/import`: JSON `{ "facilities": [...] }` or CSV `facilityId,name,timeZone`. */
export const FACILITY_IMPORT: ImportSpec<FacilityDefinition> = {
  what: 'facility',
  maxRows: MAX_FACILITIES,
  listField: 'facilities',
  columns: FACILITY_FIELDS,
  validateRow: validateFacilityRow,
};

/**
 * Creates or updates each facility; an unconfigured one (seen in ADT first) is configured from
 * now on. Facilities are never deleted.
 */
export async function importFacilities(
  manager: EntityManager,
  facilities: readonly FacilityDefinition[],
): Promise<FacilityImportResult[]> {
  const results: FacilityImportResult[] = [];
  for (const f of facilities) {
    const [row] = await manager.query<{ created: boolean }[]>(
      `INSERT INTO facility (facility_id, name, time_zone, configured) VALUES ($1, $2, $3, true)
       ON CONFLICT (facility_id) DO UPDATE SET name = $2, time_zone = $3, configured = true
       RETURNING (xmax = 0) AS created`,
      [f.facilityId, f.name, f.timeZone],
    );
    results.push({ ...f, created: row?.created ?? false });
  }
  return results;
}

/**
 * The facilities of `facilityIds` that exist, locked against a concurrent change (shared: imports
 * of units of one facility do not wait for each other).
 */
export async function existingFacilities(
  manager: EntityManager,
  facilityIds: readonly string[],
): Promise<Set<string>> {
  const rows = await manager.query<{ facility_id: string }[]>(
    'SELECT facility_id FROM facility WHERE facility_id = ANY($1) FOR SHARE',
    [[...new Set(facilityIds)]],
  );
  return new Set(rows.map((row) => row.facility_id));
}
