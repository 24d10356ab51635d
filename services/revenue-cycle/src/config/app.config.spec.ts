import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '@meridian/service-kit';
import { parseConfig } from './app.config.js';

describe('revenue-cycle config', () => {
  test('listens on its reserved port 3004 and uses the revenue_cycle database by default', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3004);
    assert.equal(config.databaseUrl, 'postgres://meridian@127.0.0.1:5433/revenue_cycle');
  });

  test('counts days in New York, escalates coding after 24 hours and consumes as revenue-cycle by default', () => {
    const config = parseConfig({});
    assert.equal(config.facilityTimeZone, 'America/New_York');
    assert.equal(config.codingEscalationHours, 24);
    assert.equal(config.billingProviderNpi, '1234567893');
    assert.equal(config.kafkaConsumerGroup, 'revenue-cycle');
  });

  test('reads the facility zone, escalation hours, NPI and consumer group from the environment', () => {
    const config = parseConfig({
      FACILITY_TIMEZONE: 'America/Chicago',
      CODING_ESCALATION_HOURS: '48',
      BILLING_PROVIDER_NPI: '1245319599',
      KAFKA_CONSUMER_GROUP: 'revenue-cycle.test_1',
    });
    assert.equal(config.facilityTimeZone, 'America/Chicago');
    assert.equal(config.codingEscalationHours, 48);
    assert.equal(config.billingProviderNpi, '1245319599');
    assert.equal(config.kafkaConsumerGroup, 'revenue-cycle.test_1');
  });

  test('names every invalid variable in one error', () => {
    assert.throws(
      () =>
        parseConfig({
          FACILITY_TIMEZONE: 'Mars/Base',
          CODING_ESCALATION_HOURS: '0',
          BILLING_PROVIDER_NPI: '1234567890',
          KAFKA_CONSUMER_GROUP: 'has space',
        }),
      (error: unknown) =>
        error instanceof ConfigError &&
        [
          'FACILITY_TIMEZONE',
          'CODING_ESCALATION_HOURS',
          'BILLING_PROVIDER_NPI',
          'KAFKA_CONSUMER_GROUP',
        ].every((name) => error.issues.some((issue) => issue.startsWith(name))),
    );
  });
});
