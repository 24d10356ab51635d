import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConsumerRuntime } from '../consumer/consumer-runtime.js';
import { MeridianKafkaTransport } from './meridian-kafka.transport.js';

describe('MeridianKafkaTransport', () => {
  test('starts no consumer group for an app without @OnMessage handlers', async () => {
    let started = false;
    const runtime = {
      start: async () => {
        started = true;
      },
    } as unknown as ConsumerRuntime;
    const error = await new Promise((resolve) => {
      new MeridianKafkaTransport(runtime).listen(resolve);
    });
    assert.equal(error, undefined);
    assert.equal(started, false);
  });
});
