import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { ConsumerHealth } from '@meridian/messaging';
import { KafkaConsumersHealthIndicator } from './kafka-consumers.health.js';

const SINCE = '2026-12-04T10:00:00.000Z';
const joined = (group: string): ConsumerHealth => ({
  group,
  phase: 'joined',
  ready: true,
  since: SINCE,
  restarts: 0,
});

describe('KafkaConsumersHealthIndicator', () => {
  test('is up, listing every consumer group of every tracked source', () => {
    const indicator = new KafkaConsumersHealthIndicator(new HealthIndicatorService());
    assert.equal(indicator.tracking, false);
    indicator.track({ health: () => [joined('billing'), joined('billing.retry')] });
    indicator.track({ health: () => [joined('saga-orchestrator')] });
    assert.equal(indicator.tracking, true);
    assert.deepEqual(indicator.check('kafkaConsumers'), {
      kafkaConsumers: {
        status: 'up',
        consumers: {
          billing: { phase: 'joined', ready: true, since: SINCE, restarts: 0 },
          'billing.retry': { phase: 'joined', ready: true, since: SINCE, restarts: 0 },
          'saga-orchestrator': { phase: 'joined', ready: true, since: SINCE, restarts: 0 },
        },
      },
    });
  });

  test('is down naming each consumer group that is not ready and why', () => {
    const indicator = new KafkaConsumersHealthIndicator(new HealthIndicatorService());
    const crashed: ConsumerHealth = {
      group: 'billing',
      phase: 'crashed',
      ready: false,
      since: SINCE,
      restarts: 2,
      reason: 'crashed 4 s ago: KafkaJSNonRetriableError: broker refused',
    };
    const rebalancing: ConsumerHealth = {
      group: 'billing.retry',
      phase: 'rebalancing',
      ready: false,
      since: SINCE,
      restarts: 0,
      reason: 'rebalancing for 31 s, longer than 30 s',
    };
    indicator.track({ health: () => [crashed, rebalancing] });
    const result = indicator.check('kafkaConsumers');
    assert.equal(result.kafkaConsumers.status, 'down');
    assert.equal(
      result.kafkaConsumers['message'],
      'consumer group billing is not ready: crashed 4 s ago: KafkaJSNonRetriableError: broker refused; ' +
        'consumer group billing.retry is not ready: rebalancing for 31 s, longer than 30 s',
    );
  });

  test('forgets a source once it is untracked', () => {
    const indicator = new KafkaConsumersHealthIndicator(new HealthIndicatorService());
    const untrack = indicator.track({ health: () => [joined('billing')] });
    untrack();
    assert.equal(indicator.tracking, false);
    assert.deepEqual(indicator.check('kafkaConsumers'), {
      kafkaConsumers: { status: 'up', consumers: {} },
    });
  });
});
