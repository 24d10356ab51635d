import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readImport } from '@meridian/service-kit';
import { invalidFields } from '@meridian/service-kit/testing';
import { CHARGEMASTER_IMPORT, parseChargemasterPut } from './chargemaster.request.js';
import { CHARGEMASTER_SEED_ROWS } from './chargemaster.seed.js';

const JSON_BODY = 'application/json';
const importRows = (body: unknown, contentType = JSON_BODY) =>
  readImport(body, contentType, CHARGEMASTER_IMPORT).map((r) => r.value);

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
      facilityId: null,
    });
  });

  test('reads the facility of a row, and names a facility code that is not one', () => {
    const row = parseChargemasterPut('0120001', { ...ROOM_7N, facilityId: 'BWH' });
    assert.equal(row.facilityId, 'BWH');
    assert.deepEqual(
      invalidFields(() => parseChargemasterPut('0120001', { ...ROOM_7N, facilityId: 'B W H' })),
      ['facilityId'],
    );
  });

  test('reads a CSV import: texts for every column, an empty cell null, active true or false', () => {
    const csv = [
      'cdmCode,description,revenueCode,kind,cptHcpcsCode,unitId,itemId,unitPrice,active,facilityId',
      '0120001,R&B MED/SURG 4 WEST BWH,0120,ROOM_AND_BOARD,,4W,,2600,true,BWH',
      '"3240002","XR CHEST 1 VIEW, PORTABLE",0324,PROCEDURE,71045,,,240.5,false,',
    ].join('\r\n');
    assert.deepEqual(importRows(csv, 'text/csv; charset=utf-8'), [
      {
        cdmCode: '0120001',
        description: 'R&B MED/SURG 4 WEST BWH',
        revenueCode: '0120',
        cptHcpcsCode: null,
        unitPrice: '2600.00',
        active: true,
        kind: 'ROOM_AND_BOARD',
        unitId: '4W',
        itemId: null,
        facilityId: 'BWH',
      },
      {
        cdmCode: '3240002',
        description: 'XR CHEST 1 VIEW, PORTABLE',
        revenueCode: '0324',
        cptHcpcsCode: '71045',
        unitPrice: '240.50',
        active: false,
        kind: 'PROCEDURE',
        unitId: null,
        itemId: null,
        facilityId: null,
      },
    ]);
  });

  test('names the row and column of a bad CSV cell', () => {
    const csv = [
      'cdmCode,description,revenueCode,kind,unitId,unitPrice,active,facilityId',
      '0120001,R&B 4 WEST BWH,0120,ROOM_AND_BOARD,4W,2600.00,true,BWH',
      '0120002,R&B 5 EAST BWH,0214,ROOM_AND_BOARD,5E,31.999,yes,BWH',
    ].join('\n');
    assert.deepEqual(
      invalidFields(() => importRows(csv, 'text/csv')),
      ['row 2: unitPrice', 'row 2: active'],
    );
  });

  test('normalizes prices to 2 decimals and CPT/HCPCS codes to upper case', () => {
    const [xray, supply] = importRows({
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
    assert.deepEqual(importRows({ items: CHARGEMASTER_SEED_ROWS }), CHARGEMASTER_SEED_ROWS);
    assert.deepEqual(importRows(CHARGEMASTER_SEED_ROWS), CHARGEMASTER_SEED_ROWS);
  });

  test('names a bad field of an import by its 1-based row, e.g. row 2: revenueCode', () => {
    const fields = invalidFields(() =>
      importRows({
        items: [XRAY, { ...ROOM_7N, cdmCode: '0110007', revenueCode: '120' }],
      }),
    );
    assert.deepEqual(fields, ['row 2: revenueCode']);
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
      ['cdmCode', 'note', 'kind', 'description', 'revenueCode', 'unitPrice', 'active'],
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

  test('rejects a CDM code twice and two active rows for one unit, procedure code or item id at one facility in one import', () => {
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
        importRows({
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
            // Each facility has a row of its own for a unit, beside the network-wide one.
            { ...ROOM_7N, cdmCode: '0120007', facilityId: 'BWH' },
            { ...ROOM_7N, cdmCode: '0130007', facilityId: 'MGH' },
            { ...ROOM_7N, cdmCode: '0120008', facilityId: 'BWH' },
          ],
        }),
      ),
      ['row 2: unitId', 'row 4: cptHcpcsCode', 'row 5: cdmCode', 'row 7: itemId', 'row 11: unitId'],
    );
  });

  test('requires at least one row, in items or a bare array', () => {
    assert.deepEqual(
      invalidFields(() => importRows({ items: [] })),
      ['body'],
    );
    assert.deepEqual(
      invalidFields(() => importRows({ rows: [XRAY] })),
      ['rows'],
    );
    assert.deepEqual(
      invalidFields(() => importRows(null)),
      ['items'],
    );
  });
});
