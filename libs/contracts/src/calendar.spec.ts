import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isTimeZone, localDate } from './calendar.js';

describe('facility calendar dates', () => {
  test("are the facility's calendar day, which differs from the UTC day in the evening", () => {
    const lateEvening = new Date('2026-11-23T03:30:00Z'); // 22:30 on the 22nd in Boston
    assert.equal(localDate(lateEvening, 'America/New_York'), '2026-11-22');
    assert.equal(localDate(lateEvening, 'UTC'), '2026-11-23');
  });

  test('know IANA zones and reject made-up ones', () => {
    assert.equal(isTimeZone('America/New_York'), true);
    assert.equal(isTimeZone('Mars/Olympus_Mons'), false);
  });
});
