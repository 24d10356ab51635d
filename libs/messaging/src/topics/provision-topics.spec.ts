import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Admin } from 'kafkajs';
import { StartTimedOutError } from '../start/retry-at-start.js';
import { provisionTopics } from './provision-topics.js';

/** kafkajs' UNKNOWN_TOPIC_OR_PARTITION as it throws it: a retriable KafkaJSProtocolError. */
function notHosted(): Error {
  return Object.assign(new Error('This server does not host this topic-partition'), {
    name: 'KafkaJSProtocolError',
    retriable: true,
  });
}

/** A broker that knows `existing` and fails `createTopics` with the given errors, in order. */
function fakeAdmin(existing: string[], failures: Error[]): Admin & { creates: number } {
  const topics = new Set(existing);
  const admin = {
    creates: 0,
    listTopics: () => Promise.resolve([...topics]),
    createTopics: ({ topics: configs }: { topics: { topic: string }[] }) => {
      admin.creates += 1;
      // The broker created them even when it then failed waiting for their leaders.
      for (const c of configs) topics.add(c.topic);
      const failure = failures.shift();
      return failure ? Promise.reject(failure) : Promise.resolve(true);
    },
    fetchTopicMetadata: ({ topics: names }: { topics: string[] }) =>
      Promise.resolve({ topics: names.map((name) => ({ name, partitions: [{}, {}, {}] })) }),
  };
  return admin as unknown as Admin & { creates: number };
}

const SPEC = [{ name: 'clinical.encounter.v1', partitions: 3 }];
const QUICK = { backoff: { initialDelayMs: 1, maxDelayMs: 1 } };

describe('provisionTopics', () => {
  test('provisions again when the broker has not settled, and still reports the topic created', async () => {
    const admin = fakeAdmin([], [notHosted()]);
    const result = await provisionTopics(admin, SPEC, {
      replicationFactor: 1,
      startRetry: { ...QUICK, timeoutMs: 60_000 },
    });
    assert.deepEqual(result, { created: ['clinical.encounter.v1'], grown: [], unchanged: [] });
    assert.equal(admin.creates, 1, 'the second pass found the topic and created nothing');
  });

  test('fails at once on an error that is not retriable', async () => {
    const denied = Object.assign(new Error('Topic authorization failed'), {
      name: 'KafkaJSProtocolError',
      retriable: false,
    });
    await assert.rejects(
      provisionTopics(fakeAdmin([], [denied]), SPEC, { replicationFactor: 1 }),
      /Topic authorization failed/,
    );
  });

  test("gives up naming the step and the broker's error once its time has passed", async () => {
    const failures = Array.from({ length: 50 }, notHosted);
    await assert.rejects(
      provisionTopics(fakeAdmin([], failures), [{ name: 'new.topic.v1', partitions: 1 }], {
        replicationFactor: 1,
        startRetry: { ...QUICK, timeoutMs: 0 },
      }),
      (error: unknown) =>
        error instanceof StartTimedOutError &&
        /^topic provisioning still failing after 1 attempt .*KafkaJSProtocolError/.test(
          error.message,
        ) &&
        /does not host this topic-partition/.test((error.cause as Error).message),
    );
  });
});
