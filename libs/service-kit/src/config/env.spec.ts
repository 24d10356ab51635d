import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConfigError,
  envOneOf,
  envOptional,
  envPort,
  envTimeZone,
  envVariable,
  parseEnv,
} from './env.js';
import { serviceVariables } from './service-config.js';

describe('parseEnv', () => {
  test('lets a service add its own variables next to the common ones', () => {
    const spec = {
      ...serviceVariables({ name: 'encounter-ingest', port: 3001, database: 'encounter_ingest' }),
      mllpPort: envPort('MLLP_PORT', 2575),
    };
    const config = parseEnv({ MLLP_PORT: '2600' }, spec);
    assert.equal(config.mllpPort, 2600);
    assert.equal(config.port, 3001);
  });

  test('reads an optional variable as undefined when unset or blank, and parses it when set', () => {
    const spec = { replicas: envOptional(envPort('REPLICAS', 0)) };
    assert.equal(parseEnv({}, spec).replicas, undefined);
    assert.equal(parseEnv({ REPLICAS: '  ' }, spec).replicas, undefined);
    assert.equal(parseEnv({ REPLICAS: '3' }, spec).replicas, 3);
  });

  test('still rejects an invalid value of an optional variable', () => {
    const spec = { replicas: envOptional(envPort('REPLICAS', 0)) };
    assert.throws(
      () => parseEnv({ REPLICAS: 'many' }, spec),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message ===
          "invalid configuration: REPLICAS must be an integer between 0 and 65535, got 'many'",
    );
  });

  test('accepts one of a fixed set of values and names the set when the value is not in it', () => {
    const spec = { mode: envOneOf('MODE', ['strict', 'lenient'], 'strict') };
    assert.equal(parseEnv({}, spec).mode, 'strict');
    assert.equal(parseEnv({ MODE: 'lenient' }, spec).mode, 'lenient');
    assert.throws(
      () => parseEnv({ MODE: 'loose' }, spec),
      /^ConfigError: invalid configuration: MODE must be one of strict, lenient, got 'loose'$/,
    );
  });

  test("reads a service's own variable through its parser, naming what it must be", () => {
    const spec = {
      hours: envVariable('HOURS', '24', 'a whole number of hours', (raw) =>
        /^\d+$/.test(raw) ? Number(raw) : undefined,
      ),
    };
    assert.equal(parseEnv({}, spec).hours, 24);
    assert.equal(parseEnv({ HOURS: '48' }, spec).hours, 48);
    assert.throws(
      () => parseEnv({ HOURS: 'two days' }, spec),
      /HOURS must be a whole number of hours, got 'two days'$/,
    );
  });

  test('accepts IANA time zones and names the variable for anything else', () => {
    const spec = { zone: envTimeZone('FACILITY_TIMEZONE', 'America/New_York') };
    assert.equal(parseEnv({}, spec).zone, 'America/New_York');
    assert.equal(parseEnv({ FACILITY_TIMEZONE: 'Europe/Berlin' }, spec).zone, 'Europe/Berlin');
    assert.throws(
      () => parseEnv({ FACILITY_TIMEZONE: 'Eastern' }, spec),
      /FACILITY_TIMEZONE must be an IANA time zone such as America\/New_York, got 'Eastern'$/,
    );
  });

  test('never repeats the value of a URL variable, which may hold a password', () => {
    const spec = serviceVariables({
      name: 'saga-orchestrator',
      port: 3006,
      database: 'saga_orchestrator',
    });
    assert.throws(
      () => parseEnv({ SCHEMA_REGISTRY_URL: 'registry:s3cret@host' }, spec),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.issues.length === 1 &&
        error.issues[0] === 'SCHEMA_REGISTRY_URL must be an http(s) URL' &&
        !error.message.includes('s3cret'),
    );
  });
});
