import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { facilityDate, isIsoDate, reversalPostingDate } from './posting-date.js';

describe('posting dates', () => {
  test("are the facility's calendar day, not the UTC day", () => {
    const lateEvening = new Date('2026-11-23T03:30:00Z'); // 22:30 on the 22nd in Boston
    assert.equal(facilityDate(lateEvening, 'America/New_York'), '2026-11-22');
    assert.equal(facilityDate(lateEvening, 'UTC'), '2026-11-23');
  });

  test('accept only real calendar dates written YYYY-MM-DD', () => {
    assert.equal(isIsoDate('2028-02-29'), true);
    for (const text of ['2026-02-30', '2026-13-01', '26-11-22', '2026-11-22T00:00:00Z', '']) {
      assert.equal(isIsoDate(text), false, text);
    }
  });

  test('put a reversal on today, or on the original date when that lies in the future', () => {
    assert.equal(reversalPostingDate('2026-11-01', '2026-11-22'), '2026-11-22');
    assert.equal(reversalPostingDate('2026-12-31', '2026-11-22'), '2026-12-31');
  });
});
