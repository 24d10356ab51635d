import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '@meridian/service-kit';
import { parseConfig } from './app.config.js';

describe('observability config', () => {
  test('defaults: port 3007, own database, PHI always masked, no Jaeger link', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3007);
    assert.match(config.databaseUrl, /\/observability$/);
    assert.equal(config.trustRoleHeader, false);
    assert.equal(config.jaegerUrl, undefined);
    assert.equal(config.dlqTopicRefreshMs, 10_000);
  });

  test('reads the role-header switch, the Jaeger URL without its trailing slash and the refresh', () => {
    const config = parseConfig({
      OBSERVABILITY_TRUST_ROLE_HEADER: 'true',
      JAEGER_URL: 'http://localhost:16686/',
      DLQ_TOPIC_REFRESH_MS: '2000',
    });
    assert.equal(config.trustRoleHeader, true);
    assert.equal(config.jaegerUrl, 'http://localhost:16686');
    assert.equal(config.dlqTopicRefreshMs, 2_000);
  });

  test('names every invalid variable', () => {
    assert.throws(
      () => parseConfig({ OBSERVABILITY_TRUST_ROLE_HEADER: 'yes', DLQ_TOPIC_REFRESH_MS: '10' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /OBSERVABILITY_TRUST_ROLE_HEADER/.test(error.message) &&
        /DLQ_TOPIC_REFRESH_MS/.test(error.message),
    );
  });
});
