import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '@meridian/service-kit';
import { parseConfig } from './app.config.js';

describe('supply-consumption config', () => {
  test('listens on its reserved port 3002 and uses the supply_consumption database by default', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3002);
    assert.equal(config.databaseUrl, 'postgres://meridian@127.0.0.1:5433/supply_consumption');
  });

  test('consumes in the supply-consumption group unless KAFKA_CONSUMER_GROUP names another', () => {
    assert.equal(parseConfig({}).kafkaConsumerGroup, 'supply-consumption');
    assert.equal(
      parseConfig({ KAFKA_CONSUMER_GROUP: 'supply_it_1' }).kafkaConsumerGroup,
      'supply_it_1',
    );
  });

  test('refuses a consumer group Kafka would not accept, naming the variable', () => {
    assert.throws(
      () => parseConfig({ KAFKA_CONSUMER_GROUP: 'supply group' }),
      (error: unknown) =>
        error instanceof ConfigError && /KAFKA_CONSUMER_GROUP must be/.test(error.message),
    );
  });

  test('reads facility dates in America/New_York unless FACILITY_TIMEZONE names another zone', () => {
    assert.equal(parseConfig({}).facilityTimeZone, 'America/New_York');
    assert.equal(
      parseConfig({ FACILITY_TIMEZONE: 'Europe/Berlin' }).facilityTimeZone,
      'Europe/Berlin',
    );
  });
});
