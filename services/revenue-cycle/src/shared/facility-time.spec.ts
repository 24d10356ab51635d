import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { daysBetween, midnightsBetween } from './facility-time.js';

const NY = 'America/New_York';

describe('facility calendar dates', () => {
  test('counts calendar days between dates, across month and year ends', () => {
    assert.equal(daysBetween('2026-02-27', '2026-03-02'), 3);
    assert.equal(daysBetween('2025-12-31', '2026-01-01'), 1);
    assert.equal(daysBetween('2026-03-02', '2026-03-01'), -1);
  });

  test('counts local midnights, not 24-hour periods, across the spring-forward day', () => {
    // 23:00 EST on 2026-03-07 to 01:00 EDT on 2026-03-09 (a 23-hour day in between): 25 hours.
    const start = new Date('2026-03-08T04:00:00Z');
    const end = new Date('2026-03-09T05:00:00Z');
    assert.equal(midnightsBetween(start, end, NY), 2);
  });

  test('counts local midnights across the fall-back day (a 25-hour day counts once)', () => {
    // 00:30 EDT to 23:30 EST on 2026-11-01, a 25-hour day: 24 hours apart, no midnight.
    const start = new Date('2026-11-01T04:30:00Z');
    const end = new Date('2026-11-02T04:30:00Z');
    assert.equal(midnightsBetween(start, end, NY), 0);
  });
});
