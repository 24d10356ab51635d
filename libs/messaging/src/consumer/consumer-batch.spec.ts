import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KafkaMessage } from 'kafkajs';
import { nextChunk } from './consumer-batch.js';
import { FAILURE_HEADERS } from './failure-headers.js';

const message = (offset: number, notBefore?: number): KafkaMessage => ({
  key: null,
  value: null,
  timestamp: '0',
  attributes: 0,
  offset: String(offset),
  headers: notBefore === undefined ? {} : { [FAILURE_HEADERS.notBefore]: String(notBefore) },
});

const offsets = (messages: readonly KafkaMessage[]): string[] => messages.map((m) => m.offset);

describe('nextChunk', () => {
  const five = [0, 1, 2, 3, 4].map((offset) => message(offset));

  it('takes at most max messages from the head, in order', () => {
    assert.deepEqual(offsets(nextChunk(five, 3)), ['0', '1', '2']);
    assert.deepEqual(offsets(nextChunk(five, 50)), ['0', '1', '2', '3', '4']);
    assert.deepEqual(offsets(nextChunk([], 50)), []);
  });

  it('for a retry consumer takes the messages due by then, up to the first that is not', () => {
    const retries = [message(7, 1_000), message(8, 1_500), message(9, 3_000), message(10, 1_200)];
    assert.deepEqual(offsets(nextChunk(retries, 50, 2_000)), ['7', '8']);
    assert.deepEqual(offsets(nextChunk(retries, 1, 2_000)), ['7']);
    assert.deepEqual(offsets(nextChunk(retries, 50, 5_000)), ['7', '8', '9', '10']);
  });

  it('always takes the first message of a retry consumer: its caller waited for it', () => {
    assert.deepEqual(offsets(nextChunk([message(3, 9_000), message(4, 9_000)], 50, 1_000)), ['3']);
  });
});
