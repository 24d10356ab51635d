import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ConsumerRuntime } from '../consumer/consumer-runtime.js';
import { MeridianKafkaTransport } from './meridian-kafka.transport.js';

describe('MeridianKafkaTransport', () => {
  /** A runtime that records whether it was started, reading `topics`. */
  const runtimeOn = (topics: string[]): { runtime: ConsumerRuntime; started: () => boolean } => {
    let started = false;
    const runtime = {
      topics,
      start: async () => {
        started = true;
      },
    } as unknown as ConsumerRuntime;
    return { runtime, started: () => started };
  };

  const listen = (runtime: ConsumerRuntime): Promise<unknown> =>
    new Promise((resolve) => new MeridianKafkaTransport(runtime).listen(resolve));

  test('starts no consumer group for an app without @OnMessage handlers', async () => {
    const { runtime, started } = runtimeOn([]);
    assert.equal(await listen(runtime), undefined);
    assert.equal(started(), false);
  });

  test('starts the consumer group when the app registered handlers on the runtime itself', async () => {
    const { runtime, started } = runtimeOn(['saga.replies.v1']);
    assert.equal(await listen(runtime), undefined);
    assert.equal(started(), true);
  });
});
