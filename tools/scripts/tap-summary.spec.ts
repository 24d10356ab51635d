import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tapCounts } from './tap-summary.ts';

describe('tapCounts', () => {
  it('reads the final summary block of a TAP stream', () => {
    const tap = [
      'TAP version 13',
      'ok 1 - a',
      'not ok 2 - b',
      '1..2',
      '# tests 2',
      '# pass 1',
      '# fail 1',
      '# cancelled 0',
      '# skipped 3',
      '# todo 0',
    ].join('\n');
    assert.deepEqual(tapCounts(tap), { pass: 1, fail: 1, cancelled: 0, skipped: 3, todo: 0 });
  });

  it('counts nothing when the runner never printed a summary', () => {
    assert.deepEqual(tapCounts('TAP version 13\n'), {
      pass: 0,
      fail: 0,
      cancelled: 0,
      skipped: 0,
      todo: 0,
    });
  });
});
