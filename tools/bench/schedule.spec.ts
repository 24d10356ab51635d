import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arrivalSchedule, offerOnSchedule } from './schedule.ts';

describe('arrivalSchedule', () => {
  it('spaces rate × duration arrivals evenly from 0', () => {
    assert.deepEqual(arrivalSchedule(4, 1), [0, 250, 500, 750]);
    const sweep = arrivalSchedule(150, 60);
    assert.equal(sweep.length, 9000);
    assert.equal(sweep[150], 1000);
    assert.ok(Math.abs((sweep.at(-1) ?? 0) - (8999 * 1000) / 150) < 1e-9);
  });

  it('takes every arrival due before the end, also below one per second', () => {
    assert.deepEqual(arrivalSchedule(0.5, 5), [0, 2000, 4000]);
    assert.deepEqual(arrivalSchedule(2.5, 1), [0, 400, 800]);
    assert.deepEqual(arrivalSchedule(3, 1), [0, 1000 / 3, 2000 / 3]);
    assert.deepEqual(arrivalSchedule(10, 0), []);
  });
});

describe('offerOnSchedule', () => {
  it('offers every arrival once, in order, each no earlier than it is due', async () => {
    const offered: { index: number; at: number; due: number }[] = [];
    const result = await offerOnSchedule([0, 0, 5, 10], (index, due) =>
      offered.push({ index, at: performance.now(), due }),
    );
    assert.deepEqual(
      offered.map((o) => o.index),
      [0, 1, 2, 3],
    );
    for (const o of offered) assert.ok(o.at >= o.due, `arrival ${o.index} went out early`);
    assert.deepEqual(
      result.dueAt.map((d) => Math.round((d - result.start) * 1000) / 1000),
      [0, 0, 5, 10],
    );
    assert.equal(result.dispatchLagMs.length, 4);
    assert.ok(result.dispatchLagMs.every((lag) => lag >= 0));
  });
});
