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
        deviceIdentifiers: [],
        unitCost: '42.50',
        hcpcsCode: null,
        chargeCode: null,
        active: true,
        implant: false,
        manufacturer: null,
        model: null,
        supplierId: null,
        supplierItemNumber: null,
        consignment: false,
      },
    });
  });

  test('reads a CSV row: GTINs separated by |, booleans as text', () => {
    const result = validateItem({
      ...ITEM,
      gtins: '0884521987657 | 10884521987654',
      implant: 'true',
      supplierId: 'SUP-1',
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
        'hcpcsCode: must be a HCPCS Level II code: a section letter (A-V without F, I, N, O) and 4 digits, such as C1776 or L8699',
        'chargeCode: must be a CDM code of 7 to 10 digits',
        'unitCost: must be a decimal string with up to 2 decimals, e.g. "96.50"',
        'active: must be true or false',
      ],
    );
  });

  test('reads device identifiers of every agency, GS1 ones joining the GTINs, HIBCC upper-cased', () => {
    const result = validateItem({
      ...ITEM,
      deviceIdentifiers: [
        { issuingAgency: 'HIBCC', deviceIdentifier: 'h123part0011' },
        { issuingAgency: 'ICCBBA', deviceIdentifier: 'A9999XYZ100T0944' },
        { issuingAgency: 'GS1', deviceIdentifier: '10884521987654' },
      ],
    });
    assert.ok(result.ok);
    assert.deepEqual(
      [result.value.gtins, result.value.deviceIdentifiers],
      [
        ['00884521987657', '10884521987654'],
        [
          { issuingAgency: 'HIBCC', deviceIdentifier: 'H123PART0011' },
          { issuingAgency: 'ICCBBA', deviceIdentifier: 'A9999XYZ100T0944' },
        ],
      ],
    );
  });

  test('takes an ISBT 128 product code as an ICCBBA device identifier, keeping its case', () => {
    const result = validateItem({
      ...ITEM,
      deviceIdentifiers: [{ issuingAgency: 'ICCBBA', deviceIdentifier: 'T0944V0a' }],
    });
    assert.deepEqual(result.ok ? result.value.deviceIdentifiers : result.errors, [
      { issuingAgency: 'ICCBBA', deviceIdentifier: 'T0944V0a' },
    ]);
  });

  test('reads the device identifiers of a CSV cell as AGENCY:identifier separated by |', () => {
    const result = validateItem({
      ...ITEM,
      deviceIdentifiers: 'HIBCC:H123PART0011 | iccbba:A9999XYZ100T0944',
    });
    assert.deepEqual(errorsOf({ ...ITEM, deviceIdentifiers: 'H123PART0011' }), [
      'deviceIdentifiers: H123PART0011 must be AGENCY:identifier, e.g. HIBCC:H123PART0011',
    ]);
    assert.deepEqual(result.ok ? result.value.deviceIdentifiers : result.errors, [
      { issuingAgency: 'HIBCC', deviceIdentifier: 'H123PART0011' },
      { issuingAgency: 'ICCBBA', deviceIdentifier: 'A9999XYZ100T0944' },
    ]);
  });

  test('validates each device identifier for its agency and names the first bad one', () => {
    const bad = (issuingAgency: string, deviceIdentifier: string): string[] =>
      errorsOf({ ...ITEM, deviceIdentifiers: [{ issuingAgency, deviceIdentifier }] });
    assert.match(bad('GS1', '00884521987656')[0] ?? '', /invalid check digit \(expected 7\)/);
    assert.match(bad('HIBCC', '+H123PART0011')[0] ?? '', /HIBC LIC device identifier/);
    assert.match(bad('HIBCC', '1123PART0011')[0] ?? '', /HIBC LIC device identifier/);
    assert.match(bad('HIBCC', 'H123PART001X')[0] ?? '', /unit of measure digit/);
    assert.match(bad('ICCBBA', '=/A9999XYZ100T0944')[0] ?? '', /ISBT 128/);
    assert.match(bad('ICCBBA', 'A9999XYZ1000944')[0] ?? '', /ISBT 128/);
    assert.match(bad('ICCBBA', 'T0944V0A')[0] ?? '', /ISBT 128/); // divisions are lower case
    assert.deepEqual(bad('IFA', 'X'), [
      'deviceIdentifiers: issuingAgency must be one of GS1, HIBCC, ICCBBA',
    ]);
    assert.deepEqual(
      errorsOf({
        ...ITEM,
        deviceIdentifiers: [{ issuingAgency: 'GS1', deviceIdentifier: '884521987657' }],
      }),
      ['deviceIdentifiers: GS1 00884521987657 is listed twice'],
    );
  });

  test('requires the supplier of an implant and of consignment stock', () => {
    assert.deepEqual(errorsOf({ ...ITEM, implant: true }), ['supplierId: is required']);
    assert.deepEqual(errorsOf({ ...ITEM, consignment: 'true' }), [
      'supplierId: is required for consignment stock (the supplier owns it)',
    ]);
    const implant = validateItem({
      ...ITEM,
      implant: true,
      supplierId: 'SUP-1',
      supplierItemNumber: '500-01-52',
      hcpcsCode: 'c1776',
    });
    assert.deepEqual(
      implant.ok
        ? [implant.value.supplierId, implant.value.supplierItemNumber, implant.value.hcpcsCode]
        : implant.errors,
      ['SUP-1', '500-01-52', 'C1776'],
    );
  });

  test('refuses HCPCS codes of no Level II section (F, I, N, O, W-Z) and Level I CPT codes', () => {
    for (const hcpcsCode of ['F1776', 'N0001', 'W1234', '27447', 'C177']) {
      assert.equal(errorsOf({ ...ITEM, hcpcsCode })[0]?.split(':')[0], 'hcpcsCode', hcpcsCode);
    }
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

  test('refuses an import naming one item id or device identifier in two rows, naming the later row', () => {
    const hibcc = { issuingAgency: 'HIBCC', deviceIdentifier: 'H123PART0011' };
    const rows = [
      { ...ITEM, itemId: 'A-1', gtins: ['00884521987657'], deviceIdentifiers: [hibcc] },
      { ...ITEM, itemId: 'A-2', gtins: ['00884521987657'] },
      { ...ITEM, itemId: 'A-1', gtins: [] },
      { ...ITEM, itemId: 'A-4', gtins: [], deviceIdentifiers: [hibcc] },
    ];
    assert.throws(
      () => readImport(rows, 'application/json', ITEM_IMPORT),
      (e: InvalidRequestException) => {
        assert.deepEqual(e.problem.errors, [
          { field: 'row 2: gtins', row: 2, message: '00884521987657 is in row 1 too' },
          { field: 'row 3: itemId', row: 3, message: 'repeats row 1' },
          {
            field: 'row 4: deviceIdentifiers',
            row: 4,
            message: 'HIBCC:H123PART0011 is in row 1 too',
          },
        ]);
        return true;
      },
    );
  });
});
