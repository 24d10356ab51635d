import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { REFERENCE_UNITS_IMPORT } from './reference-units.js';
import { validateUnit, validateUnitImport } from './unit-import.validation.js';

const SEVEN_NORTH = {
  name: 'Medical-Surgical 7 North',
  costCenter: 'CC-7N',
  patientsPerRn: 4,
  rooms: [
    { roomId: '701', beds: ['A', 'B'] },
    { roomId: '702', beds: ['A'] },
  ],
};

function fieldsOf(result: { ok: boolean; errors?: readonly { field: string }[] }): string[] {
  assert.equal(result.ok, false, 'the body is refused');
  return (result.errors ?? []).map((e) => e.field);
}

describe('unit definition (PUT /units/{unitId})', () => {
  test('reads a unit with its rooms and beds; the facility is left to the import when not given', () => {
    const result = validateUnit(SEVEN_NORTH, '7N');
    assert.deepEqual(result, {
      ok: true,
      value: {
        unitId: '7N',
        facilityId: null,
        name: 'Medical-Surgical 7 North',
        costCenter: 'CC-7N',
        patientsPerRn: 400,
        rooms: [
          { roomId: '701', beds: ['A', 'B'] },
          { roomId: '702', beds: ['A'] },
        ],
      },
    });
  });

  test('takes the ratio as a number or a decimal string, in hundredths', () => {
    for (const [patientsPerRn, hundredths] of [
      [4.5, 450],
      ['1.25', 125],
      ['5.00', 500],
    ] as const) {
      const result = validateUnit({ ...SEVEN_NORTH, patientsPerRn }, '7N');
      assert.ok(result.ok);
      assert.equal(result.value.patientsPerRn, hundredths);
    }
  });

  test('names the bad bed by its path in the body', () => {
    const rooms = [
      { roomId: '701', beds: ['A'] },
      { roomId: '702', beds: ['A'] },
      { roomId: '703', beds: ['A^B', 'C'] },
    ];
    const result = validateUnit({ ...SEVEN_NORTH, rooms }, '7N');
    assert.deepEqual(result, {
      ok: false,
      errors: [
        {
          field: 'rooms[2].beds[0]',
          message: "must be a code of 1 to 16 letters, digits, '.', '_' or '-'",
        },
      ],
    });
  });

  test('reports every missing, invalid or unknown field at once', () => {
    const result = validateUnit(
      {
        facilityId: '',
        name: ' ',
        patientsPerRn: 0,
        rooms: [{ roomId: '701', beds: [] }, { beds: ['A'] }, 'room'],
        floor: 7,
      },
      '7N',
    );
    assert.deepEqual(fieldsOf(result).sort(), [
      'costCenter',
      'facilityId',
      'floor',
      'name',
      'patientsPerRn',
      'rooms[0].beds',
      'rooms[1].roomId',
      'rooms[2]',
    ]);
  });

  test('refuses a room or a bed listed twice, naming the repeat', () => {
    const result = validateUnit(
      {
        ...SEVEN_NORTH,
        rooms: [
          { roomId: '701', beds: ['A', 'B', 'A'] },
          { roomId: '701', beds: ['C'] },
        ],
      },
      '7N',
    );
    assert.deepEqual(result, {
      ok: false,
      errors: [
        { field: 'rooms[0].beds[2]', message: 'repeats bed A of rooms[0].beds[0]' },
        { field: 'rooms[1].roomId', message: 'repeats room 701 of rooms[0].roomId' },
      ],
    });
  });

  test('refuses a unit without rooms, a room with too many beds and a ratio with 3 decimals', () => {
    assert.deepEqual(fieldsOf(validateUnit({ ...SEVEN_NORTH, rooms: [] }, '7N')), ['rooms']);
    const crowded = [{ roomId: '701', beds: 'ABCDEFGHIJKLM'.split('') }];
    assert.deepEqual(fieldsOf(validateUnit({ ...SEVEN_NORTH, rooms: crowded }, '7N')), [
      'rooms[0].beds',
    ]);
    assert.deepEqual(fieldsOf(validateUnit({ ...SEVEN_NORTH, patientsPerRn: 4.125 }, '7N')), [
      'patientsPerRn',
    ]);
  });

  test('accepts the unit of the path repeated in the body, refuses another one or a bad path', () => {
    assert.ok(validateUnit({ ...SEVEN_NORTH, unitId: '7N' }, '7N').ok);
    assert.deepEqual(validateUnit({ ...SEVEN_NORTH, unitId: '8N' }, '7N'), {
      ok: false,
      errors: [{ field: 'unitId', message: 'must be the unit of the path, 7N' }],
    });
    assert.deepEqual(fieldsOf(validateUnit(SEVEN_NORTH, '7 N')), ['unitId']);
  });

  test('refuses a body that is not a JSON object', () => {
    for (const body of [null, [], 'unit', 7]) {
      assert.deepEqual(fieldsOf(validateUnit(body, '7N')).slice(0, 1), ['body']);
    }
  });
});

describe('unit import (POST /units/import)', () => {
  test('reads every unit in the order given', () => {
    const result = validateUnitImport({
      units: [
        { ...SEVEN_NORTH, unitId: '7N' },
        { ...SEVEN_NORTH, unitId: '8N', facilityId: 'MGH', costCenter: 'CC-8N' },
      ],
    });
    assert.ok(result.ok);
    assert.deepEqual(
      result.value.map((u) => [u.unitId, u.facilityId, u.costCenter]),
      [
        ['7N', null, 'CC-7N'],
        ['8N', 'MGH', 'CC-8N'],
      ],
    );
  });

  test('names fields with the unit index and refuses a unit listed twice', () => {
    const result = validateUnitImport({
      units: [
        { ...SEVEN_NORTH, unitId: '7N' },
        { ...SEVEN_NORTH, unitId: '7N', rooms: [{ roomId: '701', beds: ['A', ''] }] },
        { ...SEVEN_NORTH },
      ],
    });
    assert.deepEqual(fieldsOf(result), [
      'units[1].rooms[0].beds[1]',
      'units[1].unitId',
      'units[2].unitId',
    ]);
  });

  test('refuses an empty import and unknown top-level fields', () => {
    assert.deepEqual(fieldsOf(validateUnitImport({ units: [] })), ['units']);
    assert.deepEqual(fieldsOf(validateUnitImport({ units: [], mode: 'replace' })), [
      'mode',
      'units',
    ]);
  });

  test('the reference units the migration imports are a valid import body', () => {
    const result = validateUnitImport(REFERENCE_UNITS_IMPORT);
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(
      result.value.map((u) => [
        u.unitId,
        u.facilityId,
        u.costCenter,
        u.patientsPerRn,
        u.rooms.flatMap((r) => r.beds).length,
      ]),
      [
        ['4W', 'MGH', 'CC-4W', 500, 24],
        ['5E', 'MGH', 'CC-5E', 400, 20],
        ['ICU', 'MGH', 'CC-ICU', 200, 10],
        ['PEDS', 'MGH', 'CC-PEDS', 400, 12],
      ],
    );
  });
});
