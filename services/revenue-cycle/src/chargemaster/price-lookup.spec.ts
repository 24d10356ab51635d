import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChargemasterItem } from './chargemaster-item.entity.js';
import type { ChargemasterRow } from './chargemaster.store.js';
import { priceLookup } from './price-lookup.js';

const row = (fields: Partial<ChargemasterRow> & Pick<ChargemasterRow, 'cdmCode'>) =>
  Object.assign(new ChargemasterItem(), {
    description: 'ROW',
    revenueCode: '0120',
    cptHcpcsCode: null,
    unitPrice: '1.00',
    active: true,
    kind: 'ROOM_AND_BOARD',
    unitId: null,
    itemId: null,
    facilityId: null,
    ...fields,
  });

const ROWS = [
  row({ cdmCode: '0110001', unitId: '4W', unitPrice: '2450.00' }),
  row({ cdmCode: '0120001', unitId: '4W', unitPrice: '2600.00', facilityId: 'BWH' }),
  row({ cdmCode: '0130001', unitId: '4W', unitPrice: '2500.00', facilityId: 'MGH' }),
  row({ cdmCode: '0120002', unitId: '5E', unitPrice: '3300.00', facilityId: 'BWH' }),
  row({
    cdmCode: '7300001',
    kind: 'PROCEDURE',
    revenueCode: '0730',
    cptHcpcsCode: '93005',
    unitPrice: '180.00',
  }),
  row({
    cdmCode: '7300002',
    kind: 'PROCEDURE',
    revenueCode: '0730',
    cptHcpcsCode: '93005',
    unitPrice: '199.00',
    facilityId: 'BWH',
  }),
  row({ cdmCode: '2700003', kind: 'SUPPLY', revenueCode: '0270', itemId: 'ITM-1003' }),
  row({
    cdmCode: '2700013',
    kind: 'SUPPLY',
    revenueCode: '0270',
    itemId: 'ITM-1003',
    unitPrice: '35.00',
    facilityId: 'BWH',
  }),
];

describe('chargemaster rows at a facility', () => {
  test("prices room and board with the facility's own row of the unit, each facility at its rate", () => {
    assert.equal(priceLookup(ROWS, 'BWH').roomAndBoard('4W')?.unitPriceCents, 260_000);
    assert.equal(priceLookup(ROWS, 'MGH').roomAndBoard('4W')?.unitPriceCents, 250_000);
  });

  test('falls back to the network-wide row of the unit, never to another facility row', () => {
    assert.equal(priceLookup(ROWS, 'NWH').roomAndBoard('4W')?.cdmCode, '0110001');
    assert.equal(priceLookup(ROWS, null).roomAndBoard('4W')?.cdmCode, '0110001');
    assert.equal(priceLookup(ROWS, 'MGH').roomAndBoard('5E'), undefined);
    assert.equal(priceLookup(ROWS, 'BWH').roomAndBoard('5E')?.cdmCode, '0120002');
  });

  test('applies the same rule to procedures and supplies', () => {
    assert.equal(priceLookup(ROWS, 'BWH').procedure('93005')?.cdmCode, '7300002');
    assert.equal(priceLookup(ROWS, 'MGH').procedure('93005')?.cdmCode, '7300001');
    // The supply system sends the network-wide CDM code; BWH's own row of the item prices it there.
    assert.equal(priceLookup(ROWS, 'BWH').chargeCode('2700003', 'ITM-1003')?.cdmCode, '2700013');
    assert.equal(priceLookup(ROWS, 'MGH').chargeCode('2700003', 'ITM-1003')?.cdmCode, '2700003');
    assert.equal(priceLookup(ROWS, 'MGH').chargeCode('2700013', 'ITM-1003'), undefined);
  });
});
