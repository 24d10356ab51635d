import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isCalendarDate, validateHrEvent } from './hr-event.validation.js';

const HIRE = {
  eventId: 'HR-EVT-0001',
  type: 'HIRE',
  employeeId: 'E10042',
  jobCode: 'RN2',
  role: 'RN',
  costCenter: 'CC-4W',
  unitId: '4W',
  fte: 0.9,
  effectiveDate: '2026-03-01',
};

function fieldsOf(body: unknown): string[] {
  const result = validateHrEvent(body);
  assert.equal(result.ok, false, 'expected the event to be rejected');
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('HR event validation', () => {
  test('accepts a complete hire', () => {
    assert.deepEqual(validateHrEvent(HIRE), { ok: true, value: HIRE });
  });

  test('reads a missing or null unitId as no unit', () => {
    const withoutUnit: Record<string, unknown> = { ...HIRE };
    delete withoutUnit['unitId'];
    for (const body of [withoutUnit, { ...HIRE, unitId: null }]) {
      const result = validateHrEvent(body);
      assert.equal(result.ok && result.value.unitId, null);
    }
  });

  test('names each missing required field', () => {
    assert.deepEqual(fieldsOf({}), [
      'eventId',
      'type',
      'employeeId',
      'jobCode',
      'role',
      'costCenter',
      'fte',
      'effectiveDate',
    ]);
  });

  test('rejects an unknown type and role, listing the accepted values', () => {
    const result = validateHrEvent({ ...HIRE, type: 'PROMOTE', role: 'SURGEON' });
    assert.equal(result.ok, false);
    assert.deepEqual(!result.ok && result.errors, [
      { field: 'type', message: 'must be one of HIRE, TERMINATE, TRANSFER' },
      { field: 'role', message: 'must be one of RN, LPN, CNA, NP, PCT, RT, UC, EVS' },
    ]);
  });

  test('rejects an FTE of zero, above one, with three decimals or as a string', () => {
    for (const fte of [0, 1.01, 0.333, '0.9', -0.5]) {
      assert.deepEqual(fieldsOf({ ...HIRE, fte }), ['fte'], String(fte));
    }
  });

  test('accepts a full-time FTE of 1 and a half-time 0.5', () => {
    for (const fte of [1, 0.5]) assert.equal(validateHrEvent({ ...HIRE, fte }).ok, true);
  });

  test('rejects an effective date that is not a calendar day', () => {
    for (const effectiveDate of ['2026-02-30', '2026-13-01', '01/03/2026', '2026-3-1', 20260301]) {
      assert.deepEqual(fieldsOf({ ...HIRE, effectiveDate }), ['effectiveDate']);
    }
  });

  test('rejects ids with spaces or too long, and a blank cost center', () => {
    assert.deepEqual(
      fieldsOf({ ...HIRE, employeeId: 'E 10042', eventId: 'x'.repeat(101), costCenter: '' }),
      ['eventId', 'employeeId', 'costCenter'],
    );
  });

  test('rejects fields it does not know, such as personal data', () => {
    assert.deepEqual(fieldsOf({ ...HIRE, lastName: 'Doe' }), ['lastName']);
  });

  test('rejects a body that is not a JSON object, naming body', () => {
    for (const body of [null, [], 'HIRE', 42]) assert.deepEqual(fieldsOf(body), ['body']);
  });
});

describe('calendar dates', () => {
  test('knows leap days', () => {
    assert.equal(isCalendarDate('2028-02-29'), true);
    assert.equal(isCalendarDate('2027-02-29'), false);
  });
});
