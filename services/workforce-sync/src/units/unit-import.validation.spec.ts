import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { validateBedRow, validateUnitRow } from './unit-import.validation.js';

/** Unit 7N of MGH, as a PUT path names it. */
const N7 = { facilityId: 'MGH', unitId: '7N' };

/** A unit with its key, as an import row or a PUT body with the key of its path. */
const validateUnit = (body: Readonly<Record<string, unknown>>, key: typeof N7) =>
  validateUnitRow({ ...body, ...key });

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

describe('unit definition (a JSON import row, or the body of PUT /facilities/{facilityId}/units/{unitId})', () => {
  test('reads a unit with its rooms and beds, keyed by the facility and unit of the path', () => {
    const result = validateUnit(SEVEN_NORTH, N7);
    assert.deepEqual(result, {
      ok: true,
      value: {
        facilityId: 'MGH',
        unitId: '7N',
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
      const result = validateUnit({ ...SEVEN_NORTH, patientsPerRn }, N7);
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
    const result = validateUnit({ ...SEVEN_NORTH, rooms }, N7);
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
    const result = validateUnitRow({
      facilityId: '',
      unitId: '7N',
      name: ' ',
      patientsPerRn: 0,
      rooms: [{ roomId: '701', beds: [] }, { beds: ['A'] }, 'room'],
      floor: 7,
    });
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
      N7,
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
    assert.deepEqual(fieldsOf(validateUnit({ ...SEVEN_NORTH, rooms: [] }, N7)), ['rooms']);
    const crowded = [{ roomId: '701', beds: 'ABCDEFGHIJKLM'.split('') }];
    assert.deepEqual(fieldsOf(validateUnit({ ...SEVEN_NORTH, rooms: crowded }, N7)), [
      'rooms[0].beds',
    ]);
    assert.deepEqual(fieldsOf(validateUnit({ ...SEVEN_NORTH, patientsPerRn: 4.125 }, N7)), [
      'patientsPerRn',
    ]);
  });

  test('refuses a facility or unit that is not a code', () => {
    assert.deepEqual(fieldsOf(validateUnit(SEVEN_NORTH, { facilityId: 'MGH', unitId: '7 N' })), [
      'unitId',
    ]);
  });
});

describe('bed row of a CSV unit import', () => {
  const ROW = {
    facilityId: 'BWH',
    unitId: '4W',
    name: 'Medicine 4 West',
    costCenter: 'BWH-CC-4W',
    patientsPerRn: '5',
    roomId: '401',
    bedId: 'A',
  };

  test('reads the unit fields and the bed of one row, the ratio in hundredths', () => {
    assert.deepEqual(validateBedRow(ROW), { ok: true, value: { ...ROW, patientsPerRn: 500 } });
  });

  test('names every missing or invalid column', () => {
    assert.deepEqual(fieldsOf(validateBedRow({ ...ROW, facilityId: undefined, bedId: 'A^B' })), [
      'facilityId',
      'bedId',
    ]);
  });
});
