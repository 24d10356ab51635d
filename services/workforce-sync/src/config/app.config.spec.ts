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

  test('overrides no nurse ratio by default and uses the service name as consumer group', () => {
    const config = parseConfig({});
    assert.equal(config.staffingRatios.size, 0);
    assert.equal(config.kafkaConsumerGroup, 'workforce-sync');
  });

  test('reads ratio overrides with decimals from STAFFING_RATIOS; a bare unit is one of the default facility', () => {
    const config = parseConfig({ STAFFING_RATIOS: 'ICU=1.5, BWH:4W=6, 7N=3.75' });
    assert.deepEqual(
      [...config.staffingRatios],
      [
        ['MGH:ICU', 150],
        ['BWH:4W', 600],
        ['MGH:7N', 375],
      ],
    );
  });

  test('takes the default facility from DEFAULT_FACILITY (MGH when unset) and refuses a bad code', () => {
    assert.equal(parseConfig({}).defaultFacility, 'MGH');
    const config = parseConfig({ DEFAULT_FACILITY: 'BWH', STAFFING_RATIOS: '4W=6' });
    assert.equal(config.defaultFacility, 'BWH');
    assert.deepEqual([...config.staffingRatios], [['BWH:4W', 600]]);
    assert.throws(() => parseConfig({ DEFAULT_FACILITY: 'B W H' }), /DEFAULT_FACILITY must be/);
  });

  test('rejects STAFFING_RATIOS that names a unit twice, has a bad ratio or a bad unit id', () => {
    for (const value of [
      '4W=5,4W=6',
      '4W=5,ICU=0',
      '4W=5,ICU=two',
      '4W=5,ICU',
      '4W=5,=4',
      '4W=5,8 N=4',
      '4W=5,ICU=2=3',
      'BWH:4W=5,BWH:4W=6',
      'BWH:=5',
    ]) {
      assert.throws(
        () => parseConfig({ STAFFING_RATIOS: value }),
        (error: unknown) =>
          error instanceof ConfigError && /STAFFING_RATIOS must be/.test(error.message),
        value,
      );
    }
  });

  test('leaves the HR webhook unconfigured without HR_WEBHOOK_SECRET, with a 300 s signature tolerance', () => {
    const config = parseConfig({});
    assert.equal(config.hrWebhookSecret, undefined);
    assert.equal(config.hrWebhookToleranceS, 300);
    const set = parseConfig({
      HR_WEBHOOK_SECRET: 'a-secret-of-16-chars',
      HR_WEBHOOK_TOLERANCE_S: '60',
    });
    assert.deepEqual([set.hrWebhookSecret, set.hrWebhookToleranceS], ['a-secret-of-16-chars', 60]);
  });

  test('refuses a short HR_WEBHOOK_SECRET without repeating it, and a tolerance that is not whole seconds', () => {
    assert.throws(
      () => parseConfig({ HR_WEBHOOK_SECRET: 'short-secret' }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /HR_WEBHOOK_SECRET must be at least 16 characters/.test(error.message) &&
        !error.message.includes('short-secret'),
    );
    for (const value of ['0', '-1', '2.5', 'five'])
      assert.throws(
        () => parseConfig({ HR_WEBHOOK_TOLERANCE_S: value }),
        /HR_WEBHOOK_TOLERANCE_S must be/,
        value,
      );
  });

  test('rejects a consumer group Kafka would not accept, naming KAFKA_CONSUMER_GROUP', () => {
    assert.throws(
      () => parseConfig({ KAFKA_CONSUMER_GROUP: 'two words' }),
      /KAFKA_CONSUMER_GROUP must be/,
    );
  });
});
