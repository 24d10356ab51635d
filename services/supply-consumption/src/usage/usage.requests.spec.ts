import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Caller } from '@meridian/service-kit';
import { invalidRequestErrors } from '@meridian/service-kit/testing';
import { GS } from '@meridian/udi';
import {
  DEFAULT_VOID_REASON,
  parseListUsageQuery,
  parseRecordUsage,
  parseUsageIdParam,
  parseVoidUsage,
} from './usage.requests.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');
const BASE = { encounterId: 'MGH:V000123', quantity: 1, unitId: '4W' };
const VALID = { ...BASE, itemId: 'ITM-1002' };

/** The fields a 400 names for `parse()`. */
function fieldsOf(body: unknown): string[] {
  return invalidRequestErrors(() => parseRecordUsage(body, NOW)).map((e) => e.field);
}

describe('POST /usage body validation', () => {
  test('accepts a minimal body: usedAt defaults to now, no usageId, no recordedBy', () => {
    assert.deepEqual(parseRecordUsage(VALID, NOW), {
      usageId: undefined,
      encounterId: 'MGH:V000123',
      item: { by: 'itemId', itemId: 'ITM-1002' },
      quantity: 1,
      unitOfMeasure: undefined,
      unitId: '4W',
      usedAt: NOW,
      recordedBy: null,
    });
  });

  test('lower-cases the usageId and reads usedAt with its zone', () => {
    const parsed = parseRecordUsage(
      {
        ...VALID,
        usageId: 'A1B2C3D4-0000-4000-8000-00000000000A',
        usedAt: '2026-03-15T07:30:00-04:00',
        recordedBy: 'RN4711',
      },
      NOW,
    );
    assert.equal(parsed.usageId, 'a1b2c3d4-0000-4000-8000-00000000000a');
    assert.equal(parsed.usedAt.toISOString(), '2026-03-15T11:30:00.000Z');
    assert.equal(parsed.recordedBy, 'RN4711');
  });

  test('normalises a GTIN-13 to GTIN-14', () => {
    assert.deepEqual(parseRecordUsage({ ...BASE, gtin: '884521234560' }, NOW).item, {
      by: 'gtin',
      gtin: '00884521234560',
    });
  });

  test('reads a raw FNC1 barcode into GTIN, lot and expiry', () => {
    const body = { ...BASE, barcode: `0100884521234560${'10'}LOT-7${GS}17270600` };
    assert.deepEqual(parseRecordUsage(body, NOW).item, {
      by: 'barcode',
      barcode: {
        gtin: '00884521234560',
        lotNumber: 'LOT-7',
        serialNumber: null,
        expirationDate: '2027-06-30',
      },
    });
  });

  test('names quantity when it is zero, above 100, fractional or a string', () => {
    for (const quantity of [0, 101, 1.5, '2', -1]) {
      assert.deepEqual(fieldsOf({ ...VALID, quantity }), ['quantity'], `quantity ${quantity}`);
    }
    assert.equal(parseRecordUsage({ ...VALID, quantity: 100 }, NOW).quantity, 100);
  });

  test('names every missing required field at once', () => {
    assert.deepEqual(fieldsOf({}), ['encounterId', 'itemId', 'quantity', 'unitId']);
  });

  test('refuses a body that is not a JSON object', () => {
    assert.deepEqual(fieldsOf([VALID]), ['body', 'encounterId', 'itemId', 'quantity', 'unitId']);
  });

  test('names the second item reference when the item is identified twice', () => {
    assert.deepEqual(fieldsOf({ ...VALID, gtin: '00884521234560' }), ['gtin']);
  });

  test('names gtin for a wrong check digit and barcode for an unreadable scan', () => {
    const gtin = invalidRequestErrors(() =>
      parseRecordUsage({ ...BASE, gtin: '00884521234567' }, NOW),
    );
    assert.deepEqual(gtin, [{ field: 'gtin', message: 'has an invalid check digit (expected 0)' }]);
    assert.deepEqual(fieldsOf({ ...BASE, barcode: '(10)LOT1' }), ['barcode']);
  });

  test('names usedAt more than 5 minutes ahead, without a zone, or on a day that does not exist', () => {
    const ahead = new Date(NOW.getTime() + 5 * 60_000 + 1_000).toISOString();
    assert.deepEqual(fieldsOf({ ...VALID, usedAt: ahead }), ['usedAt']);
    assert.deepEqual(fieldsOf({ ...VALID, usedAt: '2026-03-15T11:00:00' }), ['usedAt']);
    assert.deepEqual(fieldsOf({ ...VALID, usedAt: '2026-02-30T11:00:00Z' }), ['usedAt']);
    const skew = new Date(NOW.getTime() + 4 * 60_000).toISOString();
    assert.equal(parseRecordUsage({ ...VALID, usedAt: skew }, NOW).usedAt.toISOString(), skew);
  });

  test('names malformed identifiers, unit of measure and unknown fields', () => {
    assert.deepEqual(
      fieldsOf({
        ...VALID,
        usageId: 'not-a-uuid',
        encounterId: 'V 123',
        unitId: '',
        unitOfMeasure: 'each',
        qty: 2,
      }),
      ['qty', 'usageId', 'encounterId', 'unitOfMeasure', 'unitId'],
    );
  });
});

describe('void and list parameters', () => {
  const TECH: Caller = {
    subject: '3f0c7a56-5a3e-4f6e-8f0e-6b8f7f4c2d11',
    username: 'supply-tech',
    clientId: 'meridian-ui',
    roles: ['supply-tech'],
  };

  test('a void without a body is recorded in error, by the caller', () => {
    assert.deepEqual(parseVoidUsage(undefined, TECH), {
      reason: DEFAULT_VOID_REASON,
      voidedBy: 'supply-tech',
    });
    assert.equal(parseVoidUsage({}, { ...TECH, username: undefined }).voidedBy, TECH.subject);
  });

  test('a void is the caller’s: a body naming voidedBy is refused, whoever it names', () => {
    const errors = invalidRequestErrors(() => parseVoidUsage({ voidedBy: 'RN4711' }, TECH));
    assert.deepEqual(
      errors.map((e) => e.field),
      ['voidedBy'],
    );
    assert.match(errors[0]?.message ?? '', /caller of the bearer token/);
  });

  test('a void names an over-long reason and unknown fields', () => {
    const fields = invalidRequestErrors(() =>
      parseVoidUsage({ reason: 'x'.repeat(201), why: 'no' }, TECH),
    );
    assert.deepEqual(
      fields.map((e) => e.field),
      ['why', 'reason'],
    );
  });

  test('a usage id in the path must be a UUID', () => {
    assert.deepEqual(
      invalidRequestErrors(() => parseUsageIdParam('42')).map((e) => e.field),
      ['usageId'],
    );
  });

  test('the usage list needs one encounterId', () => {
    assert.deepEqual(parseListUsageQuery({ encounterId: 'MGH:V000123' }), {
      encounterId: 'MGH:V000123',
    });
    assert.deepEqual(
      invalidRequestErrors(() => parseListUsageQuery({ encounterId: ['V1', 'V2'] })).map(
        (e) => e.field,
      ),
      ['encounterId'],
    );
    assert.deepEqual(
      invalidRequestErrors(() => parseListUsageQuery({})).map((e) => e.field),
      ['encounterId'],
    );
  });
});
