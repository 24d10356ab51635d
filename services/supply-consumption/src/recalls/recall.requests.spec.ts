import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invalidRequestErrors } from '@meridian/service-kit/testing';
import {
  parseListRecallsQuery,
  parseRecallPost,
  parseRecallPut,
  validateRecall,
} from './recall.requests.js';

const VALID = {
  recallNumber: 'Z-1234-2026',
  recallClass: 'II',
  deviceIdentifier: '9506000134352',
  startDate: '2026-11-30',
};

function fieldsOf(body: unknown): string[] {
  const result = validateRecall(body);
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('recall validation', () => {
  test('defaults to GS1 and stores the GTIN as GTIN-14; no lots, range or serials covers the DI', () => {
    assert.deepEqual(parseRecallPost(VALID), {
      recallNumber: 'Z-1234-2026',
      recallClass: 'II',
      issuingAgency: 'GS1',
      deviceIdentifier: '09506000134352',
      lots: [],
      lotFrom: null,
      lotTo: null,
      serials: [],
      startDate: '2026-11-30',
      endDate: null,
    });
  });

  test('reads lots and serials from JSON arrays or |-separated CSV cells, each once', () => {
    const csv = validateRecall({ ...VALID, lots: 'L1|L2|L1', serials: 'S1' });
    assert.ok(csv.ok);
    assert.deepEqual([csv.value.lots, csv.value.serials], [['L1', 'L2'], ['S1']]);
  });

  test('names a bad lot range bound, a missing bound, a bad class, agency, DI or date', () => {
    assert.deepEqual(fieldsOf({ ...VALID, lotFrom: 'A0100', lotTo: 'B0199' }), ['lotTo']);
    assert.deepEqual(fieldsOf({ ...VALID, lotFrom: 'A0100', lotTo: 'A199' }), ['lotTo']);
    assert.deepEqual(fieldsOf({ ...VALID, lotFrom: 'LOT', lotTo: 'LOU' }), ['lotFrom']);
    assert.deepEqual(fieldsOf({ ...VALID, lotTo: 'A0199' }), ['lotFrom']);
    assert.deepEqual(fieldsOf({ ...VALID, recallClass: 'IV' }), ['recallClass']);
    assert.deepEqual(fieldsOf({ ...VALID, issuingAgency: 'FDA' }), ['issuingAgency']);
    assert.deepEqual(fieldsOf({ ...VALID, deviceIdentifier: '09506000134353' }), [
      'deviceIdentifier',
    ]);
    assert.deepEqual(fieldsOf({ ...VALID, startDate: '2026-02-30' }), ['startDate']);
    assert.deepEqual(fieldsOf({ ...VALID, endDate: '2026-11-29' }), ['endDate']);
    assert.deepEqual(fieldsOf({ ...VALID, recallNumber: 'Z/1' }), ['recallNumber']);
  });

  test('a PUT takes the recall number of its path; the body may repeat it, not contradict it', () => {
    assert.equal(
      parseRecallPut('Z-9-2026', { ...VALID, recallNumber: undefined }).recallNumber,
      'Z-9-2026',
    );
    assert.deepEqual(
      invalidRequestErrors(() => parseRecallPut('Z-9-2026', VALID)).map((e) => e.field),
      ['recallNumber'],
    );
  });

  test('lists by device identifier of its agency and by active', () => {
    assert.deepEqual(parseListRecallsQuery({ deviceIdentifier: '9506000134352', active: 'true' }), {
      deviceIdentifier: '09506000134352',
      issuingAgency: undefined,
      active: true,
    });
    assert.deepEqual(
      invalidRequestErrors(() => parseListRecallsQuery({ active: 'yes' })).map((e) => e.field),
      ['active'],
    );
  });
});
