import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '@meridian/service-kit';
import { parseConfig } from './app.config.js';

describe('saga-orchestrator config', () => {
  test('listens on its reserved port 3006 and uses the saga_orchestrator database by default', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3006);
    assert.equal(config.databaseUrl, 'postgres://meridian@127.0.0.1:5433/saga_orchestrator');
  });

  test('reads the endpoints npm start passes', () => {
    const config = parseConfig({
      KAFKA_BROKERS: 'localhost:19092',
      SCHEMA_REGISTRY_URL: 'http://localhost:18081/apis/ccompat/v7',
      DATABASE_URL: 'postgres://meridian@localhost:5433/saga_orchestrator',
    });
    assert.deepEqual(config.kafkaBrokers, ['localhost:19092']);
    assert.equal(config.schemaRegistryUrl, 'http://localhost:18081/apis/ccompat/v7');
    assert.equal(config.databaseUrl, 'postgres://meridian@localhost:5433/saga_orchestrator');
  });

  test('links traces to JAEGER_URL when set, else not', () => {
    assert.equal(parseConfig({}).jaegerUrl, undefined);
    assert.equal(
      parseConfig({ JAEGER_URL: 'http://localhost:16686' }).jaegerUrl,
      'http://localhost:16686',
    );
    assert.throws(() => parseConfig({ JAEGER_URL: 'localhost:16686' }), /JAEGER_URL/);
  });

  test('stops on an invalid PORT with one line naming it', () => {
    assert.throws(() => parseConfig({ PORT: 'http' }), ConfigError);
  });

  test("overrides the sagas' policy only where a SAGA_* variable is set", () => {
    assert.deepEqual(parseConfig({}).sagaPolicy, { retry: {}, incident: {} });
    const config = parseConfig({
      SAGA_REPLY_TIMEOUT_MS: '1500',
      SAGA_RETRY_ATTEMPTS: '2',
      SAGA_INCIDENT_BACKOFF_MS: '500',
    });
    assert.deepEqual(config.sagaPolicy, {
      replyTimeoutMs: 1500,
      retry: { attempts: 2 },
      incident: { backoffMs: 500 },
    });
  });

  test('fires due timers in rounds of SAGA_TIMER_BATCH_SIZE, SAGA_TIMER_POLL_MS apart when idle', () => {
    assert.deepEqual(parseConfig({}).sagaTimers, { batchSize: 100, pollMs: 250 });
    assert.deepEqual(
      parseConfig({ SAGA_TIMER_BATCH_SIZE: '20', SAGA_TIMER_POLL_MS: '50' }).sagaTimers,
      { batchSize: 20, pollMs: 50 },
    );
    assert.throws(() => parseConfig({ SAGA_TIMER_BATCH_SIZE: '0' }), /SAGA_TIMER_BATCH_SIZE/);
  });

  test('stops on a SAGA_* variable that is not a whole number, naming it', () => {
    assert.throws(() => parseConfig({ SAGA_RETRY_ATTEMPTS: '0' }), /SAGA_RETRY_ATTEMPTS must be/);
    assert.throws(() => parseConfig({ SAGA_INCIDENT_WINDOW_MS: '1h' }), /SAGA_INCIDENT_WINDOW_MS/);
  });
});
