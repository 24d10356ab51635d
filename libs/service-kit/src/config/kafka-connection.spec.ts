import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, parseEnv } from './env.js';
import { kafkaSecurity, kafkaVariables } from './kafka-connection.js';

const security = (env: NodeJS.ProcessEnv) => kafkaSecurity(parseEnv(env, kafkaVariables()));

describe('kafkaVariables and kafkaSecurity', () => {
  test('default to plaintext without SASL and a replication factor of 1', () => {
    const config = parseEnv({}, kafkaVariables());
    assert.equal(config.kafkaReplicationFactor, 1);
    assert.deepEqual(kafkaSecurity(config), {});
  });

  test('KAFKA_SSL=true uses TLS with the system CAs; a CA file is read as PEM', () => {
    assert.deepEqual(security({ KAFKA_SSL: 'true' }), { ssl: true });
    const ca = join(mkdtempSync(join(tmpdir(), 'kafka-ca-')), 'ca.pem');
    writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    assert.deepEqual(security({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: ca }), {
      ssl: { ca: ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'] },
    });
  });

  test('SCRAM with its credentials becomes the kafkajs sasl option', () => {
    const env = {
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'meridian',
      KAFKA_SASL_PASSWORD: 's3cret',
    };
    assert.deepEqual(security(env), {
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'meridian', password: 's3cret' },
    });
  });

  test('names every missing or inconsistent variable and never repeats the password', () => {
    assert.throws(
      () => security({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'meridian' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message ===
          'invalid configuration: KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM',
    );
    assert.throws(
      () => security({ KAFKA_SASL_PASSWORD: 'hunter2' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /KAFKA_SASL_MECHANISM is not/.test(error.message) &&
        !error.message.includes('hunter2'),
    );
    assert.throws(
      () => security({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }),
      /KAFKA_SSL_CA_FILE must be a readable PEM file \(ENOENT\)/,
    );
    assert.throws(
      () => security({ KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }),
      /KAFKA_SSL_CA_FILE is set but KAFKA_SSL is not true/,
    );
  });

  test('rejects an unknown mechanism, a bad KAFKA_SSL and a replication factor out of range', () => {
    assert.throws(
      () => parseEnv({ KAFKA_SASL_MECHANISM: 'gssapi' }, kafkaVariables()),
      /KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512, got 'gssapi'/,
    );
    assert.throws(
      () => parseEnv({ KAFKA_SSL: 'yes' }, kafkaVariables()),
      /KAFKA_SSL must be one of true, false/,
    );
    for (const bad of ['0', '33', 'two', '-1'])
      assert.throws(
        () => parseEnv({ KAFKA_REPLICATION_FACTOR: bad }, kafkaVariables()),
        /KAFKA_REPLICATION_FACTOR must be a whole number from 1 to 32/,
      );
    assert.equal(
      parseEnv({ KAFKA_REPLICATION_FACTOR: '3' }, kafkaVariables()).kafkaReplicationFactor,
      3,
    );
  });
});
