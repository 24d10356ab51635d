// Facilities as reference data: the one code path of `PUT /facilities/{facilityId}`,
// `POST /facilities/import` and the reference-data migration. Runs in the caller's transaction.
import { isTimeZone } from '@meridian/contracts';
import type { ImportSpec, RowResult } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';
import { Checker, MAX } from '../units/unit-import.validation.js';

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

/**
 * One row of `POST /facilities/import` (JSON element or CSV row), with its facilityId; the body of
 * `PUT /facilities/{facilityId}` with the facility of its path.
 */
export function validateFacilityRow(
  row: Readonly<Record<string, unknown>>,
): RowResult<FacilityDefinition> {
  const check = new Checker();
  const fields = check.object(row, '', FACILITY_FIELDS) ?? {};
  const zone = fields['timeZone'];
  const timeZone =
    zone === undefined || zone === null
      ? null
      : typeof zone === 'string' && isTimeZone(zone)
        ? zone
        : check.fail('timeZone', 'must be an IANA time zone, e.g. America/New_York', null);
  return check.result({
    facilityId: check.code(fields['facilityId'], 'facilityId', MAX.facilityId),
    name: check.name(fields['name'], 'name'),
    timeZone,
  });
}

/**
 * `POST /facilities/import`: JSON `{ "facilities": [...] }` or CSV `facilityId,name,timeZone`,
 * each facility once.
 */
export const FACILITY_IMPORT: ImportSpec<FacilityDefinition> = {
  what: 'facility',
  maxRows: MAX_FACILITIES,
  listField: 'facilities',
  columns: FACILITY_FIELDS,
  validateRow: validateFacilityRow,
  key: ['facilityId'],
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
