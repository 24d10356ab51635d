import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readImport } from '@meridian/service-kit';
import { invalidFields, invalidRequestErrors } from '@meridian/service-kit/testing';
import {
  parseStockPut,
  parseStockQuery,
  STOCK_IMPORT,
  validateStockCount,
} from './consignment-stock.requests.js';

const ROW = { supplierId: 'SUP-1', locationId: 'OR', itemId: 'ITM-7001', quantityOnHand: 4 };

function errorsOf(source: unknown): string[] {
  const result = validateStockCount(source);
  assert.equal(result.ok, false);
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('consignment stock rows', () => {
  test('reads a JSON row, the par level null when absent', () => {
    assert.deepEqual(validateStockCount(ROW), { ok: true, value: { ...ROW, parLevel: null } });
  });

  test('reads the counts of a CSV row from their text', () => {
    const rows = readImport(
      'supplierId,locationId,itemId,quantityOnHand,parLevel\nSUP-1,CATH,ITM-7001,0,6\n',
      'text/csv',
      STOCK_IMPORT,
    );
    assert.deepEqual(rows, [
      {
        row: 1,
        value: {
          supplierId: 'SUP-1',
          locationId: 'CATH',
          itemId: 'ITM-7001',
          quantityOnHand: 0,
          parLevel: 6,
        },
      },
    ]);
  });

  test('refuses a negative, fractional or textual count and a missing supplier, naming each', () => {
    assert.deepEqual(errorsOf({ ...ROW, quantityOnHand: -1 }), ['quantityOnHand']);
    assert.deepEqual(errorsOf({ ...ROW, quantityOnHand: '2.5' }), ['quantityOnHand']);
    assert.deepEqual(errorsOf({ ...ROW, parLevel: 'six' }), ['parLevel']);
    assert.deepEqual(errorsOf({ ...ROW, supplierId: undefined, locationId: 'O R' }), [
      'supplierId',
      'locationId',
    ]);
  });

  test('an import naming the same supplier, location and item twice names the later row', () => {
    assert.deepEqual(
      invalidRequestErrors(() =>
        readImport([ROW, { ...ROW, quantityOnHand: 1 }], 'application/json', STOCK_IMPORT),
      ),
      [{ field: 'row 2: itemId', row: 2, message: 'repeats row 1' }],
    );
  });

  test('a PUT takes the location and item of its path, which the body may not contradict', () => {
    assert.deepEqual(parseStockPut('OR', 'ITM-7001', { supplierId: 'SUP-1', quantityOnHand: 2 }), {
      ...ROW,
      quantityOnHand: 2,
      parLevel: null,
    });
    assert.deepEqual(
      invalidFields(() => parseStockPut('OR', 'ITM-7001', { ...ROW, locationId: 'CATH' })),
      ['locationId'],
    );
  });

  test('the list filters are optional, each validated', () => {
    assert.deepEqual(parseStockQuery({ supplierId: 'SUP-1' }), {
      supplierId: 'SUP-1',
      locationId: undefined,
      itemId: undefined,
    });
    assert.deepEqual(
      invalidFields(() => parseStockQuery({ itemId: 'ITM 1', owner: 'x' })),
      ['owner', 'itemId'],
    );
  });
});
