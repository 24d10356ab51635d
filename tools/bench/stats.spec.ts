import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percentiles, perSecond, quantile } from './stats.ts';

describe('quantile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.equal(quantile(values, 0.5), 50);
    assert.equal(quantile(values, 0.99), 99);
    assert.equal(quantile(values, 1), 100);
    assert.equal(quantile([7], 0.5), 7);
    assert.ok(Number.isNaN(quantile([], 0.5)));
  });
});

describe('percentiles', () => {
  it('gives p50, p95, p99 and the maximum, rounded', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i + 1) / 3);
    assert.deepEqual(percentiles(values), { p50: 166.7, p95: 316.7, p99: 330, max: 333.3 });
    assert.deepEqual(percentiles([1.234], 2), { p50: 1.23, p95: 1.23, p99: 1.23, max: 1.23 });
  });
});

describe('perSecond', () => {
  it('counts the intervals between the first and the last event', () => {
    assert.equal(perSecond([0, 100, 200, 300, 400]), 10);
    assert.equal(perSecond([400, 0, 200]), 5);
    assert.equal(perSecond([5]), 1);
    assert.equal(perSecond([]), 0);
    assert.equal(perSecond([7, 7]), 2);
  });
});
