import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readImport } from '@meridian/service-kit';
import type { InvalidRequestException } from '@meridian/service-kit';
import { ITEM_IMPORT, parseItemPut, validateItem } from './items.requests.js';

const ITEM = {
  itemId: 'ITM-3001',
  description: 'SUTURE 3-0 VICRYL',
  unitOfMeasure: 'BX',
  gtins: ['0884521987657'],
  unitCost: '42.5',
};

function errorsOf(source: unknown): string[] {
  const result = validateItem(source);
  assert.equal(result.ok, false);
  return result.ok ? [] : result.errors.map((e) => `${e.field}: ${e.message}`);
}

describe('item master rows', () => {
  test('normalises GTINs to GTIN-14 and the unit cost to 2 decimals, with the defaults', () => {
    assert.deepEqual(validateItem(ITEM), {
      ok: true,
      value: {
        ...ITEM,
        gtins: ['00884521987657'],
        unitCost: '42.50',
        hcpcsCode: null,
        chargeCode: null,
        active: true,
        implant: false,
        manufacturer: null,
        model: null,
        supplierId: null,
        consignment: false,
      },
    });
  });

  test('reads a CSV row: GTINs separated by |, booleans as text', () => {
    const result = validateItem({
      ...ITEM,
      gtins: '0884521987657 | 10884521987654',
      implant: 'true',
      consignment: 'false',
      hcpcsCode: 'l8699',
    });
    assert.ok(result.ok);
    assert.deepEqual(
      [result.value.gtins, result.value.implant, result.value.consignment, result.value.hcpcsCode],
      [['00884521987657', '10884521987654'], true, false, 'L8699'],
    );
  });

  test('names the GTIN with a wrong check digit, and every other invalid field', () => {
    assert.deepEqual(
      errorsOf({
        ...ITEM,
        gtins: ['00884521987657', '00884521987656'],
        hcpcsCode: '27447',
        chargeCode: 'CDM1',
        unitCost: '1.005',
        active: 'yes',
        color: 'blue',
      }),
      [
        'color: is not a known field',
        'gtins: 00884521987656 has an invalid check digit (expected 7)',
        'hcpcsCode: must be a HCPCS Level II code such as C1776 or L8699',
        'chargeCode: must be a CDM code of 7 to 10 digits',
        'unitCost: must be a decimal string with up to 2 decimals, e.g. "96.50"',
        'active: must be true or false',
      ],
    );
  });

  test('requires the item id, description, unit of measure and unit cost', () => {
    assert.deepEqual(errorsOf({}), [
      'itemId: is required',
      'description: is required',
      'unitOfMeasure: is required',
      'unitCost: is required',
    ]);
  });

  test('a PUT takes the path item id, refusing a bad one', () => {
    assert.equal(parseItemPut('ITM-3001', { ...ITEM, itemId: undefined }).itemId, 'ITM-3001');
    assert.throws(
      () => parseItemPut('ITM 3001', ITEM),
      (e: InvalidRequestException) => e.problem.errors?.[0]?.field === 'itemId',
    );
  });

  test('refuses an import naming one item id or GTIN in two rows, naming the later row', () => {
    const rows = [
      { ...ITEM, itemId: 'A-1', gtins: ['00884521987657'] },
      { ...ITEM, itemId: 'A-2', gtins: ['00884521987657'] },
      { ...ITEM, itemId: 'A-1', gtins: [] },
    ];
    assert.throws(
      () => readImport(rows, 'application/json', ITEM_IMPORT),
      (e: InvalidRequestException) => {
        assert.deepEqual(e.problem.errors, [
          { field: 'row 2: gtins', row: 2, message: '00884521987657 is in row 1 too' },
          { field: 'row 3: itemId', row: 3, message: 'repeats row 1' },
        ]);
        return true;
      },
    );
  });
});
