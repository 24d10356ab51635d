import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  nextStep,
  retryTopics,
  totalRetryDelayMs,
  validateRetryPolicy,
  type RetryPolicy,
} from './retry-policy.js';

const policy: RetryPolicy = { attempts: 4, initialDelayMs: 100, multiplier: 3, maxDelayMs: 500 };

describe('retry policy', () => {
  it('retries with exponential backoff capped at the maximum, one topic per retry', () => {
    assert.deepEqual(nextStep('billing', policy, 1, true), {
      kind: 'retry',
      topic: 'billing.retry.1',
      delayMs: 100,
    });
    assert.deepEqual(nextStep('billing', policy, 2, true), {
      kind: 'retry',
      topic: 'billing.retry.2',
      delayMs: 300,
    });
    assert.deepEqual(nextStep('billing', policy, 3, true), {
      kind: 'retry',
      topic: 'billing.retry.3',
      delayMs: 500,
    });
  });

  it('sums the delays between all attempts: 100 + 300 + 500 (capped)', () => {
    assert.equal(totalRetryDelayMs(policy), 900);
    assert.equal(totalRetryDelayMs({ ...policy, attempts: 1 }), 0);
  });

  it('dead-letters after the last attempt', () => {
    assert.deepEqual(nextStep('billing', policy, 4, true), {
      kind: 'dead-letter',
      topic: 'billing.dlq',
    });
  });

  it('dead-letters a non-retriable failure at once', () => {
    assert.deepEqual(nextStep('billing', policy, 1, false), {
      kind: 'dead-letter',
      topic: 'billing.dlq',
    });
  });

  it('lists the retry topics of a group', () => {
    assert.deepEqual(retryTopics('billing', policy), [
      'billing.retry.1',
      'billing.retry.2',
      'billing.retry.3',
    ]);
    assert.deepEqual(retryTopics('billing', { ...policy, attempts: 1 }), []);
  });

  it('rejects a policy without attempts or with inverted delays', () => {
    assert.throws(() => validateRetryPolicy({ ...policy, attempts: 0 }), /attempts/);
    assert.throws(() => validateRetryPolicy({ ...policy, maxDelayMs: 10 }), /delays/);
  });
});
