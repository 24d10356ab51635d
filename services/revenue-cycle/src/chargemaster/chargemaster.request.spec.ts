import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidRequestException } from '@meridian/service-kit';
import { parseChargemasterImport, parseChargemasterPut } from './chargemaster.request.js';
import { CHARGEMASTER_SEED_ROWS } from './chargemaster.seed.js';

function invalidFields(parse: () => unknown): string[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof InvalidRequestException)
      return (error.problem.errors ?? []).map((e) => e.field);
    throw error;
  }
  assert.fail('expected a 400');
}

const ROOM_7N = {
  description: 'R&B MED/SURG 7 NORTH SEMI-PRIVATE',
  revenueCode: '0120',
  kind: 'ROOM_AND_BOARD',
  unitId: '7N',
  unitPrice: '2650.00',
};
const XRAY = {
  cdmCode: '3240002',
  description: 'XR CHEST 1 VIEW',
  revenueCode: '0324',
  cptHcpcsCode: '71045',
  kind: 'PROCEDURE',
  unitPrice: '240',
};

describe('chargemaster import requests', () => {
  test('reads a room and board row of a PUT: CDM code from the path, active by default, no CPT or item id', () => {
    assert.deepEqual(parseChargemasterPut('0110007', ROOM_7N), {
      cdmCode: '0110007',
      description: 'R&B MED/SURG 7 NORTH SEMI-PRIVATE',
      revenueCode: '0120',
      cptHcpcsCode: null,
      unitPrice: '2650.00',
      active: true,
      kind: 'ROOM_AND_BOARD',
      unitId: '7N',
      itemId: null,
    });
  });

  test('normalizes prices to 2 decimals and CPT/HCPCS codes to upper case', () => {
    const [xray, supply] = parseChargemasterImport({
      items: [
        XRAY,
        {
          cdmCode: '2700009',
          description: 'WOUND VAC CANISTER',
          revenueCode: '0270',
          cptHcpcsCode: 'a6550',
          kind: 'SUPPLY',
          itemId: 'ITM-1009',
          unitPrice: '12.5',
          active: false,
        },
      ],
    });
    assert.equal(xray?.unitPrice, '240.00');
    assert.equal(supply?.unitPrice, '12.50');
    assert.equal(supply?.cptHcpcsCode, 'A6550');
    assert.equal(supply?.active, false);
  });

  test('accepts every row of the seed, which the migration writes through the same code', () => {
    const rows = parseChargemasterImport({ items: CHARGEMASTER_SEED_ROWS });
    assert.deepEqual(rows, CHARGEMASTER_SEED_ROWS);
  });

  test('names a bad field of an import by its position, e.g. items[1].revenueCode', () => {
    const fields = invalidFields(() =>
      parseChargemasterImport({
        items: [XRAY, { ...ROOM_7N, cdmCode: '0110007', revenueCode: '120' }],
      }),
    );
    assert.deepEqual(fields, ['items[1].revenueCode']);
  });

  test('requires a unit and an accommodation revenue code of room and board, and no CPT code', () => {
    const noUnit = { ...ROOM_7N, unitId: undefined };
    assert.deepEqual(
      invalidFields(() => parseChargemasterPut('0110007', noUnit)),
      ['unitId'],
    );
    assert.deepEqual(
      invalidFields(() =>
        parseChargemasterPut('0110007', { ...ROOM_7N, revenueCode: '0324', cptHcpcsCode: '71046' }),
      ),
      ['revenueCode', 'cptHcpcsCode'],
    );
  });

  test('requires a CPT/HCPCS code of a procedure row and no unit or item id', () => {
    const noCode = { ...XRAY, cptHcpcsCode: null };
    assert.deepEqual(
      invalidFields(() => parseChargemasterPut('3240002', noCode)),
      ['cptHcpcsCode'],
    );
    assert.deepEqual(
      invalidFields(() =>
        parseChargemasterPut('3240002', {
          ...XRAY,
          cptHcpcsCode: '7104',
          unitId: '4W',
          itemId: 'X',
        }),
      ),
      ['cptHcpcsCode', 'unitId', 'itemId'],
    );
  });

  test('names every missing, mistyped or unknown field of a PUT at once', () => {
    assert.deepEqual(
      invalidFields(() =>
        parseChargemasterPut('0110007', {
          cdmCode: '0110008',
          kind: 'ROOM',
          unitPrice: 2650,
          active: 'yes',
          note: 'x',
        }),
      ),
      ['note', 'cdmCode', 'kind', 'description', 'revenueCode', 'unitPrice', 'active'],
    );
    assert.deepEqual(
      invalidFields(() => parseChargemasterPut('11', ROOM_7N)),
      ['cdmCode'],
    );
    assert.deepEqual(
      invalidFields(() => parseChargemasterPut('0110007', [])),
      ['body'],
    );
  });

  test('rejects prices that are negative, have 3 decimals or do not fit numeric(12,2)', () => {
    for (const unitPrice of ['-1.00', '1.005', '12345678901.00', '1e3', '']) {
      assert.deepEqual(
        invalidFields(() => parseChargemasterPut('0110007', { ...ROOM_7N, unitPrice })),
        ['unitPrice'],
        unitPrice,
      );
    }
  });

  test('rejects a CDM code twice and two active rows for one unit, procedure code or item id in one import', () => {
    const supply = {
      cdmCode: '2700010',
      description: 'IV START KIT PEDS',
      revenueCode: '0270',
      kind: 'SUPPLY',
      itemId: 'ITM-1003',
      unitPrice: '30.00',
    };
    assert.deepEqual(
      invalidFields(() =>
        parseChargemasterImport({
          items: [
            { ...ROOM_7N, cdmCode: '0110007' },
            { ...ROOM_7N, cdmCode: '0110008' },
            XRAY,
            { ...XRAY, cdmCode: '3240003' },
            XRAY,
            supply,
            { ...supply, cdmCode: '2700011' },
            // An inactive row holds no key: the old row of a unit may step aside in the same import.
            { ...ROOM_7N, cdmCode: '0110009', active: false },
          ],
        }),
      ),
      ['items[1].unitId', 'items[3].cptHcpcsCode', 'items[4].cdmCode', 'items[6].itemId'],
    );
  });

  test('requires an object with 1 to 20,000 items', () => {
    assert.deepEqual(
      invalidFields(() => parseChargemasterImport({ items: [] })),
      ['items'],
    );
    assert.deepEqual(
      invalidFields(() => parseChargemasterImport({ rows: [XRAY] })),
      ['rows', 'items'],
    );
    assert.deepEqual(
      invalidFields(() => parseChargemasterImport(null)),
      ['body'],
    );
  });
});
