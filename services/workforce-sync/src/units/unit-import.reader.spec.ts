import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invalidRequestErrors } from '@meridian/service-kit/testing';
import { REFERENCE_UNITS_IMPORT } from './reference-units.js';
import { readUnitImport, readUnitPut } from './unit-import.reader.js';

const FOUR_WEST = {
  name: 'Medicine 4 West',
  costCenter: 'CC-4W',
  patientsPerRn: 5,
  rooms: [{ roomId: '401', beds: ['A', 'B'] }],
};

const HEADER = 'facilityId,unitId,name,costCenter,patientsPerRn,roomId,bedId';

describe('unit import body (POST /units/import)', () => {
  test('reads JSON units of two facilities sharing a unit code, with their rows', () => {
    const units = readUnitImport(
      {
        units: [
          { ...FOUR_WEST, facilityId: 'MGH', unitId: '4W' },
          { ...FOUR_WEST, facilityId: 'BWH', unitId: '4W', costCenter: 'BWH-CC-4W' },
        ],
      },
      'application/json',
    );
    assert.deepEqual(
      units.map((u) => [
        u.row,
        u.value.facilityId,
        u.value.unitId,
        u.value.costCenter,
        u.roomsField,
      ]),
      [
        [1, 'MGH', '4W', 'CC-4W', 'rooms'],
        [2, 'BWH', '4W', 'BWH-CC-4W', 'rooms'],
      ],
    );
  });

  test('names the row and field of an invalid JSON unit and of a unit listed twice', () => {
    const errors = invalidRequestErrors(() =>
      readUnitImport(
        [
          { ...FOUR_WEST, facilityId: 'BWH', unitId: '4W' },
          { ...FOUR_WEST, unitId: '5E', rooms: [{ roomId: '501', beds: ['A', ''] }] },
        ],
        'application/json',
      ),
    );
    assert.deepEqual(
      errors.map((e) => e.field),
      ['row 2: facilityId', 'row 2: rooms[0].beds[1]'],
    );
    const repeated = invalidRequestErrors(() =>
      readUnitImport(
        [
          { ...FOUR_WEST, facilityId: 'BWH', unitId: '4W' },
          { ...FOUR_WEST, facilityId: 'BWH', unitId: '4W' },
        ],
        'application/json',
      ),
    );
    assert.deepEqual(repeated, [{ field: 'row 2: unitId', row: 2, message: 'repeats row 1' }]);
  });

  test('groups CSV bed rows into units, rooms in the order they come', () => {
    const csv = [
      HEADER,
      'BWH,4W,Medicine 4 West,BWH-CC-4W,5,402,A',
      'BWH,4W,Medicine 4 West,BWH-CC-4W,5,401,A',
      'BWH,ICU,Medical ICU,BWH-CC-ICU,2,601,A',
      'BWH,4W,Medicine 4 West,BWH-CC-4W,5,402,B',
    ].join('\n');
    const units = readUnitImport(csv, 'text/csv; charset=utf-8');
    assert.deepEqual(units, [
      {
        row: 1,
        roomsField: 'roomId',
        value: {
          facilityId: 'BWH',
          unitId: '4W',
          name: 'Medicine 4 West',
          costCenter: 'BWH-CC-4W',
          patientsPerRn: 500,
          rooms: [
            { roomId: '402', beds: ['A', 'B'] },
            { roomId: '401', beds: ['A'] },
          ],
        },
      },
      {
        row: 3,
        roomsField: 'roomId',
        value: {
          facilityId: 'BWH',
          unitId: 'ICU',
          name: 'Medical ICU',
          costCenter: 'BWH-CC-ICU',
          patientsPerRn: 200,
          rooms: [{ roomId: '601', beds: ['A'] }],
        },
      },
    ]);
  });

  test('names the row and column of a bad CSV cell, a bed twice and a unit whose fields differ', () => {
    const csv = [
      HEADER,
      'BWH,4W,Medicine 4 West,BWH-CC-4W,5,401,A',
      'BWH,4W,Medicine 4 West,BWH-CC-4W,five,401,B',
      'BWH,4W,Medicine 4 West,BWH-CC-4W,5,401,A',
      'BWH,4W,Medicine Four West,BWH-CC-4W,5,402,A',
    ].join('\n');
    const invalid = invalidRequestErrors(() => readUnitImport(csv, 'text/csv'));
    assert.deepEqual(
      invalid.map((e) => e.field),
      ['row 2: patientsPerRn'],
    );
    const grouped = invalidRequestErrors(() =>
      readUnitImport(csv.replace('five', '5'), 'text/csv'),
    );
    assert.deepEqual(grouped, [
      { field: 'row 3: bedId', row: 3, message: 'repeats bed 401/A of row 1' },
      { field: 'row 4: name', row: 4, message: "differs from row 1, the unit's first row" },
    ]);
  });

  test('the reference units the migration imports are a valid import body', () => {
    const units = readUnitImport(REFERENCE_UNITS_IMPORT, 'application/json');
    assert.deepEqual(
      units.map(({ value: u }) => [
        u.facilityId,
        u.unitId,
        u.costCenter,
        u.patientsPerRn,
        u.rooms.flatMap((r) => r.beds).length,
      ]),
      [
        ['MGH', '4W', 'CC-4W', 500, 24],
        ['MGH', '5E', 'CC-5E', 400, 20],
        ['MGH', 'ICU', 'CC-ICU', 200, 10],
        ['MGH', 'PEDS', 'CC-PEDS', 400, 12],
      ],
    );
  });
});

describe('unit body (PUT /facilities/{facilityId}/units/{unitId})', () => {
  const N7 = { facilityId: 'MGH', unitId: '7N' };

  test('takes the facility and unit of the path, which the body may repeat', () => {
    assert.deepEqual(readUnitPut(FOUR_WEST, N7), { ...N7, ...FOUR_WEST, patientsPerRn: 500 });
    assert.deepEqual(readUnitPut({ ...FOUR_WEST, ...N7 }, N7).unitId, '7N');
  });

  test('names a facility or unit of the body other than the path, or a bad one in the path', () => {
    assert.deepEqual(
      invalidRequestErrors(() =>
        readUnitPut({ ...FOUR_WEST, facilityId: 'BWH', unitId: '8N' }, N7),
      ),
      [
        { field: 'facilityId', message: 'must be the facilityId of the path, MGH, or left out' },
        { field: 'unitId', message: 'must be the unitId of the path, 7N, or left out' },
      ],
    );
    assert.deepEqual(
      invalidRequestErrors(() => readUnitPut(FOUR_WEST, { facilityId: 'MGH', unitId: '7 N' })).map(
        (e) => e.field,
      ),
      ['unitId'],
    );
    assert.deepEqual(
      invalidRequestErrors(() => readUnitPut([], N7)).map((e) => e.field),
      ['body'],
    );
  });
});
