import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConsumerLag, Transition } from './api.js';
import { errorText, formatDuration, formatTime, lagByGroupTopic, stepsOf } from './format.js';

const at = (second: number): string => new Date(Date.UTC(2026, 11, 6, 1, 0, second)).toISOString();
const transition = (
  second: number,
  stepName: string | null,
  fromStatus: string | null,
  toStatus: string,
  error: unknown = null,
): Transition => ({ stepName, fromStatus, toStatus, at: at(second), durationMs: null, error });

describe('dashboard formatting', () => {
  test('durations read in the unit that fits them', () => {
    assert.equal(formatDuration(null), '—');
    assert.equal(formatDuration(0.558), '0.5 ms');
    assert.equal(formatDuration(9.99), '9.9 ms');
    assert.equal(formatDuration(10), '10 ms');
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(12_345), '12.3 s');
    assert.equal(formatDuration(4 * 60_000 + 5_000), '4 min 05 s');
    assert.equal(formatDuration(3 * 3_600_000 + 2 * 60_000), '3 h 02 min');
    assert.equal(formatDuration(2 * 86_400_000 + 4 * 3_600_000), '2 d 04 h');
  });

  test('times are shown in UTC to the second; text that is no time is shown as it is', () => {
    assert.equal(formatTime('2026-12-06T01:02:03.456Z'), '2026-12-06 01:02:03 UTC');
    assert.equal(formatTime(null), '—');
    assert.equal(formatTime('yesterday'), 'yesterday');
  });

  test('a failure reads as code and message, from an object or its JSON', () => {
    assert.equal(
      errorText({ code: 'PAYER_UNKNOWN', message: 'no payer P9' }),
      'PAYER_UNKNOWN: no payer P9',
    );
    assert.equal(errorText('{"code":"X","message":"y"}'), 'X: y');
    assert.equal(errorText('plain words'), 'plain words');
    assert.equal(errorText(null), null);
  });
});

describe('the timeline step by step', () => {
  test('each step lasts from the transition into it to the one out of it; the finish closes the last', () => {
    const steps = stepsOf([
      transition(0, 'ReleaseBed', null, 'RUNNING'),
      transition(2, 'FinalizeCharges', 'RUNNING', 'RUNNING'),
      transition(7, null, 'RUNNING', 'COMPLETED'),
    ]);
    assert.deepEqual(
      steps.map((s) => [s.stepName, s.durationMs, s.endedAt]),
      [
        ['ReleaseBed', 2_000, at(2)],
        ['FinalizeCharges', 5_000, at(7)],
      ],
    );
  });

  test('waiting on a human task at a step is the same visit; its statuses and error are kept', () => {
    const steps = stepsOf([
      transition(0, 'SubmitClaim', null, 'RUNNING'),
      transition(1, 'SubmitClaim', 'RUNNING', 'WAITING', { code: 'PAYER_UNKNOWN', message: 'P9' }),
      transition(61, 'SubmitClaim', 'WAITING', 'RUNNING'),
    ]);
    assert.equal(steps.length, 1);
    assert.deepEqual(steps[0]?.statuses, ['RUNNING', 'WAITING', 'RUNNING']);
    assert.equal(steps[0]?.error, 'PAYER_UNKNOWN: P9');
    assert.equal(steps[0]?.durationMs, null, 'still at the step');
  });

  test('a step compensated after a later one failed is visited again', () => {
    const steps = stepsOf([
      transition(0, 'ReleaseBed', null, 'RUNNING'),
      transition(1, 'FinalizeCharges', 'RUNNING', 'RUNNING'),
      transition(2, 'ReleaseBed', 'RUNNING', 'COMPENSATING', 'boom'),
      transition(3, null, 'COMPENSATING', 'COMPENSATED'),
    ]);
    assert.deepEqual(
      steps.map((s) => `${s.stepName} ${s.statuses.join('/')} ${s.durationMs}`),
      ['ReleaseBed RUNNING 1000', 'FinalizeCharges RUNNING 1000', 'ReleaseBed COMPENSATING 1000'],
    );
  });
});

describe('consumer lag per group and topic', () => {
  const lag = (groupId: string, topic: string, partition: number, value: number): ConsumerLag => ({
    groupId,
    topic,
    partition,
    committedOffset: '0',
    endOffset: String(value),
    lag: value,
  });

  test('partitions are summed per group and topic, the largest lag first', () => {
    assert.deepEqual(
      lagByGroupTopic([
        lag('billing', 'a', 0, 1),
        lag('wf', 'a', 0, 4),
        lag('billing', 'a', 1, 2),
        lag('billing', 'b', 0, 0),
      ]),
      [
        { groupId: 'wf', topic: 'a', partitions: 1, lag: 4 },
        { groupId: 'billing', topic: 'a', partitions: 2, lag: 3 },
        { groupId: 'billing', topic: 'b', partitions: 1, lag: 0 },
      ],
    );
  });
});
