import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countsByStatus, summarize } from './census.js';

describe('unit census', () => {
  test('counts occupied beds plus the patients assigned to the unit without a bed', () => {
    const summary = summarize({
      bedsByStatus: { AVAILABLE: 10, OCCUPIED: 9, CLEANING: 3, BLOCKED: 2 },
      patientsWithoutBed: 2,
    });
    assert.equal(summary.census, 11);
    assert.equal(summary.occupiedBeds, 9);
    assert.equal(summary.availableBeds, 10);
  });

  test('counts every bed but the blocked ones as staffed', () => {
    const summary = summarize({
      bedsByStatus: { AVAILABLE: 10, OCCUPIED: 9, CLEANING: 3, BLOCKED: 2 },
      patientsWithoutBed: 0,
    });
    assert.equal(summary.staffedBeds, 22);
  });

  test('is zero for an empty unit', () => {
    const summary = summarize({
      bedsByStatus: { AVAILABLE: 20, OCCUPIED: 0, CLEANING: 0, BLOCKED: 0 },
      patientsWithoutBed: 0,
    });
    assert.deepEqual([summary.census, summary.availableBeds, summary.staffedBeds], [0, 20, 20]);
  });

  test('reads status counts from rows, zero for a status without one, ignoring unknown ones', () => {
    assert.deepEqual(
      countsByStatus([
        { status: 'OCCUPIED', count: 4 },
        { status: 'AVAILABLE', count: 20 },
        { status: 'UNKNOWN', count: 1 },
      ]),
      { AVAILABLE: 20, OCCUPIED: 4, CLEANING: 0, BLOCKED: 0 },
    );
  });
});
