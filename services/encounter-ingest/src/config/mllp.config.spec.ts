import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '@meridian/service-kit';
import { parseConfig } from './app.config.js';

/** The issues of the ConfigError `env` stops on. */
function issuesOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  assert.fail('the configuration was accepted');
}

describe('encounter-ingest MLLP listener config', () => {
  test('listens on every interface, plain TCP, 100 connections, 10 min idle, 4 frames buffered, every peer by default', () => {
    const config = parseConfig({});
    assert.deepEqual(
      {
        host: config.mllpHost,
        maxConnections: config.mllpMaxConnections,
        idleTimeoutMs: config.mllpIdleTimeoutMs,
        maxBufferBytes: config.mllpMaxBufferBytes,
        allow: config.mllpAllowCidrs,
        tls: config.mllpTls,
      },
      {
        host: undefined,
        maxConnections: 100,
        idleTimeoutMs: 600_000,
        maxBufferBytes: 4 * 1_048_576,
        allow: undefined,
        tls: undefined,
      },
    );
  });

  test('derives the buffer from HL7_MAX_FRAME_BYTES unless MLLP_MAX_BUFFER_BYTES is set', () => {
    assert.equal(parseConfig({ HL7_MAX_FRAME_BYTES: '4096' }).mllpMaxBufferBytes, 16_384);
    assert.equal(
      parseConfig({ HL7_MAX_FRAME_BYTES: '4096', MLLP_MAX_BUFFER_BYTES: '8192' })
        .mllpMaxBufferBytes,
      8192,
    );
  });

  test('reads the host, limits, allow-list and TLS files', () => {
    const config = parseConfig({
      MLLP_HOST: '::1',
      MLLP_MAX_CONNECTIONS: '8',
      MLLP_IDLE_TIMEOUT_MS: '30000',
      MLLP_ALLOW_CIDRS: '10.0.0.0/8, fd00::/8,192.0.2.7',
      MLLP_TLS_CERT_FILE: '/etc/mllp/tls.crt',
      MLLP_TLS_KEY_FILE: '/etc/mllp/tls.key',
      MLLP_TLS_CA_FILE: '/etc/mllp/ca.crt',
      MLLP_TLS_CLIENT_AUTH: 'require',
    });
    assert.equal(config.mllpHost, '::1');
    assert.equal(config.mllpMaxConnections, 8);
    assert.equal(config.mllpIdleTimeoutMs, 30_000);
    assert.deepEqual(config.mllpAllowCidrs, [
      { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
      { address: 'fd00::', prefix: 8, family: 'ipv6' },
      { address: '192.0.2.7', prefix: 32, family: 'ipv4' },
    ]);
    assert.deepEqual(config.mllpTls, {
      certFile: '/etc/mllp/tls.crt',
      keyFile: '/etc/mllp/tls.key',
      caFile: '/etc/mllp/ca.crt',
      clientAuth: 'require',
    });
  });

  test('names each invalid variable', () => {
    assert.deepEqual(
      issuesOf({
        MLLP_HOST: 'every interface',
        MLLP_MAX_CONNECTIONS: '0',
        MLLP_IDLE_TIMEOUT_MS: '10s',
        MLLP_ALLOW_CIDRS: '10.0.0.0/33',
        MLLP_TLS_CLIENT_AUTH: 'optional',
      }),
      [
        "MLLP_HOST must be an IP address or a host name to bind, got 'every interface'",
        "MLLP_MAX_CONNECTIONS must be a whole number >= 1, got '0'",
        "MLLP_IDLE_TIMEOUT_MS must be a whole number >= 1, got '10s'",
        "MLLP_ALLOW_CIDRS must be a comma-separated list of IPv4 or IPv6 networks (10.0.0.0/8, fd00::/8, 192.0.2.7), got '10.0.0.0/33'",
        "MLLP_TLS_CLIENT_AUTH must be one of none, request, require, got 'optional'",
      ],
    );
  });

  test('refuses TLS variables that do not fit together and a buffer under two frames', () => {
    assert.deepEqual(issuesOf({ MLLP_TLS_CERT_FILE: '/c.pem', MLLP_TLS_CLIENT_AUTH: 'require' }), [
      'MLLP_TLS_CERT_FILE and MLLP_TLS_KEY_FILE must be set together',
      'MLLP_TLS_CLIENT_AUTH=require needs MLLP_TLS_CA_FILE (the CA that signs client certificates)',
    ]);
    assert.deepEqual(issuesOf({ MLLP_TLS_CA_FILE: '/ca.pem' }), [
      'MLLP_TLS_CA_FILE and MLLP_TLS_CLIENT_AUTH need MLLP_TLS_CERT_FILE (TLS)',
    ]);
    assert.deepEqual(issuesOf({ HL7_MAX_FRAME_BYTES: '1000', MLLP_MAX_BUFFER_BYTES: '1999' }), [
      "MLLP_MAX_BUFFER_BYTES must be at least 2 x HL7_MAX_FRAME_BYTES (2000), got '1999'",
    ]);
  });
});
