import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isIsoDate, reversalPostingDate } from './posting-date.js';

describe('posting dates', () => {
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
