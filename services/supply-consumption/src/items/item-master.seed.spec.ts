import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ITEM_MASTER_SEED } from './item-master.seed.js';
import { validateItem } from './items.requests.js';

describe('seeded item master', () => {
  test('every seeded item is one the import API accepts as it is (GTIN-14s with valid check digits)', () => {
    for (const item of ITEM_MASTER_SEED) {
      assert.deepEqual(validateItem(item), { ok: true, value: item }, item.itemId);
    }
  });

  test('bills the chargeable items under the shared chargemaster codes', () => {
    const codes = Object.fromEntries(
      ITEM_MASTER_SEED.map((i) => [i.itemId, [i.chargeCode, i.hcpcsCode, i.unitOfMeasure]]),
    );
    assert.deepEqual(codes, {
      'ITM-1001': ['2720001', null, 'EA'],
      'ITM-1002': ['2720002', null, 'EA'],
      'ITM-1003': ['2700003', null, 'EA'],
      'ITM-1004': ['2700004', 'A6550', 'EA'],
      'ITM-1005': ['2500005', 'J1650', 'EA'],
      'ITM-2001': [null, null, 'BX'],
      'ITM-2002': [null, null, 'PK'],
    });
  });

  test('keeps the GTINs of the reference data apart from their corrected check digit', () => {
    const reference = [
      '0088452112345',
      '0088452123456',
      '0088452134567',
      '0088452145678',
      '0088452156789',
    ];
    assert.deepEqual(
      ITEM_MASTER_SEED.flatMap((i) => i.gtins.map((g) => g.slice(0, 13))),
      reference,
    );
  });
});
