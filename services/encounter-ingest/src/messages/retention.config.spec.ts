import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, parseEnv } from '@meridian/service-kit';
import { RETENTION_VARIABLES } from './retention.config.js';

describe('message retention config', () => {
  test('keeps raw payloads 30 days, purges hourly in batches of 500 by default', () => {
    assert.deepEqual(parseEnv({}, RETENTION_VARIABLES), {
      messageRetentionDays: 30,
      messagePurgeIntervalMs: 3_600_000,
      messagePurgeBatchSize: 500,
    });
  });

  test('reads MESSAGE_RETENTION_DAYS, MESSAGE_PURGE_INTERVAL_MS and MESSAGE_PURGE_BATCH_SIZE', () => {
    const env = {
      MESSAGE_RETENTION_DAYS: '7',
      MESSAGE_PURGE_INTERVAL_MS: '60000',
      MESSAGE_PURGE_BATCH_SIZE: '50',
    };
    assert.deepEqual(parseEnv(env, RETENTION_VARIABLES), {
      messageRetentionDays: 7,
      messagePurgeIntervalMs: 60_000,
      messagePurgeBatchSize: 50,
    });
    assert.equal(
      parseEnv({ MESSAGE_RETENTION_DAYS: '36500' }, RETENTION_VARIABLES).messageRetentionDays,
      36_500,
    );
  });

  test('stops on a retention of 0, over a century or not a number, a too short interval or an empty batch, naming each', () => {
    for (const days of ['0', '36501', '1.5', '-3', 'forever']) {
      assert.throws(
        () => parseEnv({ MESSAGE_RETENTION_DAYS: days }, RETENTION_VARIABLES),
        (error: unknown) =>
          error instanceof ConfigError &&
          /MESSAGE_RETENTION_DAYS must be a whole number of days from 1 to 36500/.test(
            error.message,
          ),
        days,
      );
    }
    assert.throws(
      () =>
        parseEnv(
          { MESSAGE_PURGE_INTERVAL_MS: '999', MESSAGE_PURGE_BATCH_SIZE: '0' },
          RETENTION_VARIABLES,
        ),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.issues.length === 2 &&
        /MESSAGE_PURGE_INTERVAL_MS must be a whole number >= 1000/.test(error.message) &&
        /MESSAGE_PURGE_BATCH_SIZE must be a whole number >= 1/.test(error.message),
    );
  });
});
