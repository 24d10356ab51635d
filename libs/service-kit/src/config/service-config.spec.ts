import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from './env.js';
import { parseServiceConfig } from './service-config.js';
import type { ServiceConfig } from './service-config.js';

const parseConfig = (env: NodeJS.ProcessEnv): ServiceConfig =>
  parseServiceConfig(env, { name: 'encounter-ingest', port: 3001, database: 'encounter_ingest' });

describe('parseServiceConfig', () => {
  test('uses the documented defaults when nothing is set', () => {
    assert.deepEqual(parseConfig({}), {
      port: 3001,
      httpHost: undefined,
      httpJsonLimit: 1048576,
      httpCsvLimit: 10485760,
      kafkaBrokers: ['localhost:9092'],
      schemaRegistryUrl: 'http://localhost:8081/apis/ccompat/v7',
      kafkaConsumerGroup: 'encounter-ingest',
      databaseUrl: 'postgres://meridian@127.0.0.1:5433/encounter_ingest',
      logLevel: 'info',
      otlpEndpoint: undefined,
      shutdownTimeoutMs: 8000,
      startRetryTimeoutMs: 120000,
      outboxBatchSize: 200,
      outboxFallbackPollMs: 10000,
      consumerBatchMax: 50,
      messagingRetentionDays: 7,
      messagingPurgeIntervalMs: 3_600_000,
      messagingPurgeBatchSize: 1000,
      oidcIssuer: 'http://localhost:8180/realms/meridian',
      oidcAudience: 'meridian-api',
      oidcClockToleranceS: 30,
      oidcRolesClaim: 'realm_access.roles',
      oidcTimeoutMs: 5000,
      kafkaReplicationFactor: 1,
      kafkaSsl: 'false',
      kafkaSslCaFile: undefined,
      kafkaSaslMechanism: undefined,
      kafkaSaslUsername: undefined,
      kafkaSaslPassword: undefined,
    });
  });

  test('reads every variable from the environment', () => {
    const config = parseConfig({
      PORT: '8080',
      HTTP_HOST: '127.0.0.1',
      HTTP_JSON_LIMIT: '2097152',
      HTTP_CSV_LIMIT: '52428800',
      KAFKA_BROKERS: 'kafka-0:9092, kafka-1:9092',
      SCHEMA_REGISTRY_URL: 'https://registry.example:8443/apis/ccompat/v7',
      KAFKA_CONSUMER_GROUP: 'encounter-ingest.it_1',
      DATABASE_URL: 'postgresql://ingest:secret@db:5432/encounter_ingest',
      LOG_LEVEL: 'debug',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.httpHost, '127.0.0.1');
    assert.equal(config.httpJsonLimit, 2097152);
    assert.equal(config.httpCsvLimit, 52428800);
    assert.deepEqual(config.kafkaBrokers, ['kafka-0:9092', 'kafka-1:9092']);
    assert.equal(config.schemaRegistryUrl, 'https://registry.example:8443/apis/ccompat/v7');
    assert.equal(config.kafkaConsumerGroup, 'encounter-ingest.it_1');
    assert.equal(config.databaseUrl, 'postgresql://ingest:secret@db:5432/encounter_ingest');
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.otlpEndpoint, 'http://collector:4318');
  });

  test('takes a service default for HTTP_JSON_LIMIT that the variable still overrides', () => {
    const defaults = { name: 'revenue-cycle', port: 3004, database: 'revenue_cycle' };
    const larger = { ...defaults, httpJsonLimit: 10_485_760 };
    assert.equal(parseServiceConfig({}, larger).httpJsonLimit, 10_485_760);
    assert.equal(parseServiceConfig({ HTTP_JSON_LIMIT: '65536' }, larger).httpJsonLimit, 65_536);
    assert.equal(parseServiceConfig({}, defaults).httpJsonLimit, 1_048_576);
  });

  test('treats empty values as unset', () => {
    const config = parseConfig({ PORT: '', LOG_LEVEL: ' ', OTEL_EXPORTER_OTLP_ENDPOINT: '' });
    assert.equal(config.port, 3001);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.otlpEndpoint, undefined);
  });

  for (const bad of ['abc', '-1', '70000', '3001.5']) {
    test(`rejects PORT='${bad}' with an error naming PORT`, () => {
      assert.throws(
        () => parseConfig({ PORT: bad }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.issues.length === 1 &&
          error.message ===
            `invalid configuration: PORT must be an integer between 0 and 65535, got '${bad}'`,
      );
    });
  }

  for (const host of [
    '0.0.0.0',
    '::',
    '::1',
    '127.0.0.1',
    'localhost',
    'ingest.hospital.internal',
  ]) {
    test(`binds HTTP_HOST='${host}'`, () => {
      assert.equal(parseConfig({ HTTP_HOST: host }).httpHost, host);
    });
  }

  test('refuses an HTTP_HOST that is no address and body limits that are no byte counts', () => {
    assert.throws(
      () =>
        parseConfig({ HTTP_HOST: 'http://0.0.0.0', HTTP_JSON_LIMIT: '1mb', HTTP_CSV_LIMIT: '0' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.issues.length === 3 &&
        error.issues[0] ===
          "HTTP_HOST must be an IP address or a host name to bind, got 'http://0.0.0.0'" &&
        error.issues[1] === "HTTP_JSON_LIMIT must be a whole number >= 1, got '1mb'" &&
        error.issues[2] === "HTTP_CSV_LIMIT must be a whole number >= 1, got '0'",
    );
  });

  test('reads the outbox relay batch size and fallback poll, refusing a poll under 100 ms', () => {
    const config = parseConfig({ OUTBOX_BATCH_SIZE: '500', OUTBOX_FALLBACK_POLL_MS: '60000' });
    assert.equal(config.outboxBatchSize, 500);
    assert.equal(config.outboxFallbackPollMs, 60_000);
    assert.throws(
      () => parseConfig({ OUTBOX_BATCH_SIZE: '0', OUTBOX_FALLBACK_POLL_MS: '10' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.issues.length === 2 &&
        error.issues[0] === "OUTBOX_BATCH_SIZE must be a whole number >= 1, got '0'" &&
        error.issues[1] === "OUTBOX_FALLBACK_POLL_MS must be a whole number >= 100, got '10'",
    );
  });

  test('reads the consumer batch size, refusing 0 and more than 10000', () => {
    assert.equal(parseConfig({ CONSUMER_BATCH_MAX: '1' }).consumerBatchMax, 1);
    assert.equal(parseConfig({ CONSUMER_BATCH_MAX: '10000' }).consumerBatchMax, 10_000);
    for (const bad of ['0', '10001', '2.5', 'ten'])
      assert.throws(
        () => parseConfig({ CONSUMER_BATCH_MAX: bad }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.issues[0] ===
            `CONSUMER_BATCH_MAX must be a whole number from 1 to 10000, got '${bad}'`,
      );
  });

  test('reads the retention of messaging rows, refusing a retention of no days', () => {
    const config = parseConfig({
      MESSAGING_RETENTION_DAYS: '30',
      MESSAGING_PURGE_INTERVAL_MS: '60000',
      MESSAGING_PURGE_BATCH_SIZE: '50',
    });
    assert.equal(config.messagingRetentionDays, 30);
    assert.equal(config.messagingPurgeIntervalMs, 60_000);
    assert.equal(config.messagingPurgeBatchSize, 50);
    assert.throws(
      () => parseConfig({ MESSAGING_RETENTION_DAYS: '0', MESSAGING_PURGE_INTERVAL_MS: '10' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.issues.length === 2 &&
        error.issues[0] ===
          "MESSAGING_RETENTION_DAYS must be a whole number of days from 1 to 36500, got '0'" &&
        error.issues[1] === "MESSAGING_PURGE_INTERVAL_MS must be a whole number >= 1000, got '10'",
    );
  });

  test('refuses a consumer group that cannot name its retry and DLQ topics', () => {
    assert.throws(
      () => parseConfig({ KAFKA_CONSUMER_GROUP: 'two words' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message ===
          "invalid configuration: KAFKA_CONSUMER_GROUP must be a Kafka group id (letters, digits, ., _ and -, at most 200), got 'two words'",
    );
  });

  test('names every invalid variable in one message', () => {
    assert.throws(
      () =>
        parseConfig({
          KAFKA_BROKERS: 'localhost',
          LOG_LEVEL: 'loud',
          SCHEMA_REGISTRY_URL: 'ftp://registry',
        }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /KAFKA_BROKERS must be a comma-separated list of 'host:port', got 'localhost'/.test(
          error.message,
        ) &&
        /SCHEMA_REGISTRY_URL must be an http\(s\) URL/.test(error.message) &&
        /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got 'loud'/.test(
          error.message,
        ),
    );
  });

  test('never repeats a URL that may hold a password', () => {
    assert.throws(
      () => parseConfig({ DATABASE_URL: 'mysql://ingest:hunter2@db/x' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message === 'invalid configuration: DATABASE_URL must be a postgres:// URL' &&
        !error.message.includes('hunter2'),
    );
  });
});
