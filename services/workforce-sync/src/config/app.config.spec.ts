import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError } from '@meridian/service-kit';
import { parseConfig } from './app.config.js';

describe('workforce-sync config', () => {
  test('listens on its reserved port 3005 and uses the workforce_sync database by default', () => {
    const config = parseConfig({});
    assert.equal(config.port, 3005);
    assert.equal(config.databaseUrl, 'postgres://meridian@127.0.0.1:5433/workforce_sync');
  });

  test('uses the reference nurse ratios and the service name as consumer group by default', () => {
    const config = parseConfig({});
    assert.deepEqual(
      [...config.staffingRatios],
      [
        ['4W', 500],
        ['5E', 400],
        ['ICU', 200],
        ['PEDS', 400],
      ],
    );
    assert.equal(config.kafkaConsumerGroup, 'workforce-sync');
  });

  test('reads ratios with decimals from STAFFING_RATIOS', () => {
    const config = parseConfig({ STAFFING_RATIOS: 'ICU=1.5, 4W=6, 5E=3.75, PEDS=4' });
    assert.equal(config.staffingRatios.get('ICU'), 150);
    assert.equal(config.staffingRatios.get('5E'), 375);
  });

  test('rejects STAFFING_RATIOS that misses a unit, names an unknown one or has a bad ratio', () => {
    for (const value of [
      '4W=5,5E=4,ICU=2',
      '4W=5,5E=4,ICU=2,PEDS=4,8N=4',
      '4W=5,5E=4,ICU=0,PEDS=4',
      '4W=5,5E=4,ICU=two,PEDS=4',
      '4W=5,4W=5,5E=4,ICU=2,PEDS=4',
    ]) {
      assert.throws(
        () => parseConfig({ STAFFING_RATIOS: value }),
        (error: unknown) =>
          error instanceof ConfigError && /STAFFING_RATIOS must be/.test(error.message),
        value,
      );
    }
  });

  test('rejects a consumer group Kafka would not accept, naming KAFKA_CONSUMER_GROUP', () => {
    assert.throws(
      () => parseConfig({ KAFKA_CONSUMER_GROUP: 'two words' }),
      /KAFKA_CONSUMER_GROUP must be/,
    );
  });
});
