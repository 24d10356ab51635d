import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quantile } from './stats.ts';

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
