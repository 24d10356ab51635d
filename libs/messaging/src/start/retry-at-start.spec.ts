import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InfrastructureUnavailableError, SchemaNotRegisteredError } from '../errors.js';
import {
  DEFAULT_START_BACKOFF,
  retryAtStart,
  startRetryDelay,
  StartTimedOutError,
} from './retry-at-start.js';

/** A logger keeping its warn lines, and a clock the waits move. */
function harness(): {
  lines: { fields: Record<string, unknown>; message: string }[];
  waits: number[];
  options: Parameters<typeof retryAtStart>[1];
} {
  const lines: { fields: Record<string, unknown>; message: string }[] = [];
  const waits: number[] = [];
  let clock = 0;
  return {
    lines,
    waits,
    options: {
      step: 'kafka producer connect',
      logger: { warn: (fields, message) => lines.push({ fields, message }) },
      timeoutMs: 10_000,
      now: () => clock,
      wait: async (delayMs) => {
        waits.push(delayMs);
        clock += delayMs;
      },
    },
  };
}

const refused = (): Error =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9092'), { code: 'ECONNREFUSED' });

describe('retryAtStart', () => {
  test('runs a step again after retriable failures, backing off, one warn line per retry', async () => {
    const { lines, waits, options } = harness();
    let calls = 0;
    const result = await retryAtStart(async (attempt) => {
      calls += 1;
      if (attempt < 4) throw refused();
      return 'connected';
    }, options);
    assert.equal(result, 'connected');
    assert.equal(calls, 4);
    assert.deepEqual(waits, [250, 500, 1_000]);
    assert.deepEqual(lines[0], {
      fields: {
        step: 'kafka producer connect',
        attempt: 1,
        delayMs: 250,
        errorType: 'Error',
        errorCode: 'ECONNREFUSED',
      },
      message: 'kafka producer connect failed with a retriable error; trying again',
    });
    assert.equal(lines.length, 3);
  });

  test('throws a non-retriable failure at once, as it came, without a warn line', async () => {
    const { lines, waits, options } = harness();
    const missing = new SchemaNotRegisteredError('clinical.encounter.v1-x.Y');
    await assert.rejects(
      retryAtStart(() => Promise.reject(missing), options),
      (error) => error === missing,
    );
    assert.deepEqual([lines.length, waits.length], [0, 0]);
  });

  test('gives up once its time has passed, naming the step, the attempts and the last error', async () => {
    const { waits, options } = harness();
    await assert.rejects(
      retryAtStart(
        () => Promise.reject(new InfrastructureUnavailableError('registry unavailable')),
        options,
      ),
      (error: unknown) =>
        error instanceof StartTimedOutError &&
        error.retriable === false &&
        error.message ===
          'kafka producer connect still failing after 7 attempts in 10 s ' +
            '(last error InfrastructureUnavailableError INFRASTRUCTURE_UNAVAILABLE)' &&
        error.cause instanceof InfrastructureUnavailableError,
    );
    // 250, 500, 1000, 2000, 4000, then the 5000 cut to the 2250 left: the bound holds.
    assert.equal(
      waits.reduce((a, b) => a + b, 0),
      10_000,
    );
  });

  test('stops trying once aborted (the process stops), with the last error', async () => {
    const { options } = harness();
    const stop = new AbortController();
    let calls = 0;
    const error = refused();
    await assert.rejects(
      retryAtStart(
        async () => {
          calls += 1;
          stop.abort();
          throw error;
        },
        { ...options, signal: stop.signal },
      ),
      (thrown) => thrown === error,
    );
    assert.equal(calls, 1);
  });

  test('backs off exponentially up to its cap', () => {
    assert.deepEqual(
      [1, 2, 3, 5, 6, 10].map((attempt) => startRetryDelay(DEFAULT_START_BACKOFF, attempt)),
      [250, 500, 1_000, 4_000, 5_000, 5_000],
    );
  });
});
