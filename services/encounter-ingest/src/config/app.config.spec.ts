import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '@meridian/service-kit';
import { parseConfig } from './app.config.js';

describe('encounter-ingest config', () => {
  test('listens on its reserved port 3001 and uses the encounter_ingest database by default', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3001);
    assert.equal(config.databaseUrl, 'postgres://meridian@127.0.0.1:5433/encounter_ingest');
  });

  test('listens for MLLP on 2575 and reads local HL7 times in America/New_York by default', () => {
    const config = parseConfig({});
    assert.equal(config.mllpPort, 2575);
    assert.equal(config.facilityTimeZone, 'America/New_York');
  });

  test('reads MLLP_PORT (0: any free port) and FACILITY_TIMEZONE', () => {
    const config = parseConfig({ MLLP_PORT: '0', FACILITY_TIMEZONE: 'America/Chicago' });
    assert.equal(config.mllpPort, 0);
    assert.equal(config.facilityTimeZone, 'America/Chicago');
  });

  test('stops on an invalid MLLP_PORT or time zone with one message naming both', () => {
    assert.throws(
      () => parseConfig({ MLLP_PORT: '70000', FACILITY_TIMEZONE: 'Eastern' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.issues.length === 2 &&
        /MLLP_PORT must be an integer/.test(error.message) &&
        /FACILITY_TIMEZONE must be an IANA time zone/.test(error.message),
    );
  });

  test('checks no facility strictly, rejects T/D messages and reads HL7 limits by default', () => {
    const config = parseConfig({});
    assert.deepEqual([...config.strictFacilities], []);
    assert.equal(config.nonProduction, 'reject');
    assert.deepEqual(
      [config.maxFrameBytes, config.maxSegments, config.maxRepetitions, config.maxFieldLength],
      [1_048_576, 5000, 100, 65_536],
    );
  });

  test('reads HL7_NON_PRODUCTION=publish (T/D messages to the non-production topic)', () => {
    assert.equal(parseConfig({ HL7_NON_PRODUCTION: 'publish' }).nonProduction, 'publish');
    assert.equal(parseConfig({ HL7_NON_PRODUCTION: 'reject' }).nonProduction, 'reject');
  });

  test('reads strict facilities and limits, and stops on invalid ones naming each variable', () => {
    const config = parseConfig({ HL7_STRICT_FACILITIES: 'MGH, BWH', HL7_MAX_SEGMENTS: '200000' });
    assert.deepEqual([...config.strictFacilities], ['MGH', 'BWH']);
    assert.equal(config.maxSegments, 200_000);
    assert.throws(
      () =>
        parseConfig({
          HL7_STRICT_FACILITIES: 'MGH,B:W',
          HL7_NON_PRODUCTION: 'topic:encounters.test',
          HL7_MAX_REPETITIONS: '0',
        }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.issues.length === 3 &&
        /HL7_STRICT_FACILITIES must be/.test(error.message) &&
        /HL7_NON_PRODUCTION must be 'reject' \(AR 202\) or 'publish'/.test(error.message) &&
        /HL7_MAX_REPETITIONS must be an integer/.test(error.message),
    );
  });

  test('writes at most 100 messages per group and 2 groups at once by default, reads INGEST_MAX_GROUP_SIZE (1 to 1000) and INGEST_GROUPS_IN_FLIGHT (1 to 16)', () => {
    assert.deepEqual(
      [parseConfig({}).ingestMaxGroupSize, parseConfig({}).ingestGroupsInFlight],
      [100, 2],
    );
    assert.equal(parseConfig({ INGEST_GROUPS_IN_FLIGHT: '1' }).ingestGroupsInFlight, 1);
    assert.throws(
      () => parseConfig({ INGEST_GROUPS_IN_FLIGHT: '17' }),
      /INGEST_GROUPS_IN_FLIGHT must be an integer from 1 to 16/,
    );
    assert.equal(parseConfig({ INGEST_MAX_GROUP_SIZE: '1' }).ingestMaxGroupSize, 1);
    assert.equal(parseConfig({ INGEST_MAX_GROUP_SIZE: '1000' }).ingestMaxGroupSize, 1000);
    for (const invalid of ['0', '1001', 'ten', '-5'])
      assert.throws(
        () => parseConfig({ INGEST_MAX_GROUP_SIZE: invalid }),
        (error: unknown) =>
          error instanceof ConfigError &&
          /INGEST_MAX_GROUP_SIZE must be an integer from 1 to 1000/.test(error.message),
      );
  });
});
