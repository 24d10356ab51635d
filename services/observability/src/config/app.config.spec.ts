import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '@meridian/service-kit';
import { parseConfig } from './app.config.js';

describe('observability config', () => {
  test('defaults: port 3007, own database, no Jaeger link, dead letter payloads kept 30 days', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3007);
    assert.match(config.databaseUrl, /\/observability$/);
    assert.equal(config.jaegerUrl, undefined);
    assert.equal(config.dlqTopicRefreshMs, 10_000);
    assert.equal(config.dlqRetentionDays, 30);
    assert.equal(config.dlqPurgeIntervalMs, 3_600_000);
    assert.equal(config.dlqPurgeBatchSize, 500);
    assert.equal(config.uiOidcClientId, 'meridian-ui');
  });

  test('reads the Jaeger URL without its trailing slash, the refresh and the retention', () => {
    const config = parseConfig({
      JAEGER_URL: 'http://localhost:16686/',
      DLQ_TOPIC_REFRESH_MS: '2000',
      DLQ_RETENTION_DAYS: '7',
      DLQ_PURGE_INTERVAL_MS: '60000',
      DLQ_PURGE_BATCH_SIZE: '20',
    });
    assert.equal(config.jaegerUrl, 'http://localhost:16686');
    assert.equal(config.dlqTopicRefreshMs, 2_000);
    assert.equal(config.dlqRetentionDays, 7);
    assert.equal(config.dlqPurgeIntervalMs, 60_000);
    assert.equal(config.dlqPurgeBatchSize, 20);
  });

  test('names every invalid variable', () => {
    assert.throws(
      () =>
        parseConfig({
          DLQ_RETENTION_DAYS: '0',
          DLQ_TOPIC_REFRESH_MS: '10',
          DLQ_PURGE_INTERVAL_MS: '5',
          DLQ_PURGE_BATCH_SIZE: 'all',
        }),
      (error: unknown) =>
        error instanceof ConfigError &&
        [
          'DLQ_RETENTION_DAYS',
          'DLQ_TOPIC_REFRESH_MS',
          'DLQ_PURGE_INTERVAL_MS',
          'DLQ_PURGE_BATCH_SIZE',
        ].every((name) => error.message.includes(name)),
    );
  });
});
