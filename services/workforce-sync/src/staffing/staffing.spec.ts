import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  demandChange,
  formatRatio,
  parseRatio,
  parseStaffingRatios,
  ratioOf,
  requiredRns,
} from './staffing.js';

describe('nurse ratios', () => {
  test('reads whole and decimal patients-per-RN ratios in hundredths', () => {
    assert.equal(parseRatio('5'), 500);
    assert.equal(parseRatio('4.5'), 450);
    assert.equal(parseRatio('1.25'), 125);
    assert.equal(parseRatio(' 2 '), 200);
  });

  test('refuses zero, negative, over-precise and non-numeric ratios', () => {
    for (const raw of ['0', '0.00', '-1', '1.234', 'five', '', '1000', '1.']) {
      assert.equal(parseRatio(raw), undefined, raw);
    }
  });

  test('formats a ratio with two decimals as StaffingDemandChanged carries it', () => {
    assert.equal(formatRatio(500), '5.00');
    assert.equal(formatRatio(150), '1.50');
    assert.equal(formatRatio(1), '0.01');
  });
});

describe('ratio overrides (STAFFING_RATIOS)', () => {
  test('reads unit ids with ratios; blank is no override at all', () => {
    assert.deepEqual(
      [...(parseStaffingRatios(' 7N = 4.5 ,ICU=2') ?? [])],
      [
        ['7N', 450],
        ['ICU', 200],
      ],
    );
    assert.equal(parseStaffingRatios(' ')?.size, 0);
  });

  test("a unit's override wins over the ratio it was imported with, in its own facility only", () => {
    const overrides = new Map([['MGH:ICU', 150]]);
    assert.equal(ratioOf(overrides, { facilityId: 'MGH', unitId: 'ICU', patientsPerRn: 200 }), 150);
    assert.equal(ratioOf(overrides, { facilityId: 'BWH', unitId: 'ICU', patientsPerRn: 200 }), 200);
    assert.equal(ratioOf(overrides, { facilityId: 'MGH', unitId: '7N', patientsPerRn: 400 }), 400);
  });

  test('an unconfigured unit has no ratio unless STAFFING_RATIOS gives one', () => {
    const unit = { facilityId: 'BWH', unitId: '9S', patientsPerRn: null };
    assert.equal(ratioOf(new Map(), unit), null);
    assert.equal(ratioOf(new Map([['BWH:9S', 300]]), unit), 300);
  });
});

describe('required RNs', () => {
  test('needs no RN for an empty unit', () => {
    assert.equal(requiredRns(0, 500), 0);
  });

  test('rounds up: 1 to 5 patients on a 1:5 unit need one RN, the sixth needs a second', () => {
    assert.deepEqual(
      [1, 5, 6, 10, 11].map((census) => requiredRns(census, 500)),
      [1, 1, 2, 2, 3],
    );
  });

  test('is exact for fractional ratios: 3 patients at 1:1.5 need 2 RNs, 4 need 3', () => {
    assert.equal(requiredRns(3, 150), 2);
    assert.equal(requiredRns(4, 150), 3);
  });

  test('an ICU at 1:2 needs five RNs for nine or ten patients', () => {
    assert.equal(requiredRns(9, 200), 5);
    assert.equal(requiredRns(10, 200), 5);
  });
});

describe('staffing demand changes', () => {
  test('publishes the first demand when the first patient arrives, with no previous demand', () => {
    assert.deepEqual(demandChange({ previousCensus: 0, census: 1, ratio: 500, published: null }), {
      census: 1,
      requiredHeadcount: 1,
      previousCensus: null,
      previousRequiredHeadcount: null,
    });
  });

  test('publishes nothing while the headcount stays the same', () => {
    assert.equal(
      demandChange({
        previousCensus: 2,
        census: 3,
        ratio: 500,
        published: { census: 1, headcount: 1 },
      }),
      null,
    );
  });

  test('publishes with the previously published demand when the headcount changes', () => {
    assert.deepEqual(
      demandChange({
        previousCensus: 5,
        census: 6,
        ratio: 500,
        published: { census: 1, headcount: 1 },
      }),
      { census: 6, requiredHeadcount: 2, previousCensus: 1, previousRequiredHeadcount: 1 },
    );
  });

  test('publishes a drop back to zero RNs when the last patient leaves', () => {
    assert.deepEqual(
      demandChange({
        previousCensus: 1,
        census: 0,
        ratio: 200,
        published: { census: 1, headcount: 1 },
      }),
      { census: 0, requiredHeadcount: 0, previousCensus: 1, previousRequiredHeadcount: 1 },
    );
  });

  test('compares with the published headcount, not the previous census, after a ratio change', () => {
    // Published at 1:5 (4 patients, 1 RN); the unit now runs at 1:4 and 4 -> 3 patients needs 1.
    assert.equal(
      demandChange({
        previousCensus: 4,
        census: 3,
        ratio: 400,
        published: { census: 4, headcount: 1 },
      }),
      null,
    );
    assert.equal(
      demandChange({
        previousCensus: 4,
        census: 5,
        ratio: 400,
        published: { census: 4, headcount: 1 },
      })?.requiredHeadcount,
      2,
    );
  });
});
