import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIsoDuration } from './iso-duration.js';

describe('parseIsoDuration', () => {
  test('reads weeks, days, hours, minutes and (fractional) seconds', () => {
    assert.equal(parseIsoDuration('PT5M'), 300_000);
    assert.equal(parseIsoDuration('PT1H'), 3_600_000);
    assert.equal(parseIsoDuration('P1DT12H'), 129_600_000);
    assert.equal(parseIsoDuration('P2W'), 1_209_600_000);
    assert.equal(parseIsoDuration('PT0.5S'), 500);
    assert.equal(parseIsoDuration('PT0S'), 0);
  });

  test('refuses what is not a duration of fixed length', () => {
    for (const bad of ['', 'P', 'PT', 'P1DT', '5M', 'PT5X', 'P1M', 'P1Y', '1h', 'PT-5M', 'P400D']) {
      assert.equal(parseIsoDuration(bad), undefined, bad);
    }
  });
});
