import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readImport } from '@meridian/service-kit';
import { FACILITY_IMPORT, validateFacilityRow } from './facility-import.js';
import { REFERENCE_FACILITIES_IMPORT } from './reference-facilities.js';

const BWH = { name: "Brigham and Women's Hospital", timeZone: 'America/New_York' };

describe('facility definition (a row, or the body of PUT /facilities/{facilityId})', () => {
  test('reads a name and an optional IANA time zone', () => {
    assert.deepEqual(validateFacilityRow({ facilityId: 'BWH', ...BWH }), {
      ok: true,
      value: { facilityId: 'BWH', ...BWH },
    });
    assert.deepEqual(validateFacilityRow({ facilityId: 'FAULK', name: 'Faulkner Hospital' }), {
      ok: true,
      value: { facilityId: 'FAULK', name: 'Faulkner Hospital', timeZone: null },
    });
  });

  test('names every invalid field: time zone, blank name, facility code, unknown fields', () => {
    const result = validateFacilityRow({
      facilityId: 'B W H',
      name: ' ',
      timeZone: 'Eastern',
      beds: 900,
    });
    assert.equal(result.ok, false);
    assert.deepEqual(result.ok ? [] : result.errors.map((e) => e.field).sort(), [
      'beds',
      'facilityId',
      'name',
      'timeZone',
    ]);
  });
});

describe('facility import (POST /facilities/import)', () => {
  test('reads CSV rows with an empty time zone as none', () => {
    const csv = 'facilityId,name,timeZone\nBWH,Brigham,America/New_York\nFAULK,Faulkner,\n';
    assert.deepEqual(
      readImport(csv, 'text/csv', FACILITY_IMPORT).map((r) => r.value),
      [
        { facilityId: 'BWH', name: 'Brigham', timeZone: 'America/New_York' },
        { facilityId: 'FAULK', name: 'Faulkner', timeZone: null },
      ],
    );
  });

  test('the reference facility the migration imports is a valid import body', () => {
    assert.deepEqual(
      readImport(REFERENCE_FACILITIES_IMPORT, 'application/json', FACILITY_IMPORT).map(
        (r) => r.value.facilityId,
      ),
      ['MGH'],
    );
  });
});
