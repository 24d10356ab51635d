import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NonRetriableError } from '../errors.js';
import {
  attemptsMade,
  failureHeaders,
  FAILURE_HEADERS,
  notBefore,
  originalPosition,
} from './failure-headers.js';

const here = { topic: 'billing.retry.1', partition: 2, offset: '17' };

describe('failure headers', () => {
  it('keep the original headers and record attempt, source, error and timing', () => {
    const headers = failureHeaders(
      { traceparent: '00-abc-def-01', 'meridian-record': 'X' },
      {
        attempt: 2,
        source: { topic: 'revenue-cycle.commands.v1', partition: 4, offset: '991' },
        error: new NonRetriableError('charge code 0450 is not in the chargemaster'),
        group: 'revenue-cycle',
        failedAt: new Date('2026-11-22T09:00:00Z'),
        notBefore: new Date('2026-11-22T09:00:04Z'),
      },
    );
    assert.equal(headers['traceparent'], '00-abc-def-01');
    assert.equal(headers[FAILURE_HEADERS.errorClass], 'NonRetriableError');
    assert.equal(headers[FAILURE_HEADERS.errorCode], 'NON_RETRIABLE');
    assert.equal(
      headers[FAILURE_HEADERS.errorMessage],
      'charge code 0450 is not in the chargemaster',
    );
    assert.equal(attemptsMade(headers), 2);
    assert.deepEqual(originalPosition(headers, here), {
      topic: 'revenue-cycle.commands.v1',
      partition: 4,
      offset: '991',
    });
    assert.equal(notBefore(headers), Date.parse('2026-11-22T09:00:04Z'));
  });

  it("scrub the values a driver's error message quotes", () => {
    const headers = failureHeaders(undefined, {
      attempt: 1,
      source: here,
      error: new Error('invalid input syntax for type date: "DOEPHI"'),
      group: 'revenue-cycle',
      failedAt: new Date('2026-11-22T09:00:00Z'),
    });
    assert.equal(
      headers[FAILURE_HEADERS.errorMessage],
      'invalid input syntax for type date: "[Redacted]"',
    );
  });

  it('treat a message without failure headers as never attempted, at its own position', () => {
    assert.equal(attemptsMade({}), 0);
    assert.deepEqual(originalPosition(undefined, here), here);
    assert.equal(notBefore({}), 0);
  });
});
