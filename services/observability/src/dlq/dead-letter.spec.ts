import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FAILURE_HEADERS } from '@meridian/messaging';
import { deadLetterOf, replayMessage } from './dead-letter.js';

const RECORD = {
  topic: 'revenue-cycle.dlq',
  partition: 1,
  offset: '42',
  key: Buffer.from('ENC-1'),
  value: Buffer.from([0, 0, 0, 0, 7, 1, 2]),
  headers: {
    traceparent: Buffer.from('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
    'meridian-record': Buffer.from('health.meridian.clinical.EncounterDischarged'),
    [FAILURE_HEADERS.attempt]: Buffer.from('4'),
    [FAILURE_HEADERS.originalTopic]: Buffer.from('clinical.encounter.v1'),
    [FAILURE_HEADERS.originalPartition]: Buffer.from('2'),
    [FAILURE_HEADERS.originalOffset]: Buffer.from('1234'),
    [FAILURE_HEADERS.errorClass]: Buffer.from('NonRetriableError'),
    [FAILURE_HEADERS.errorCode]: Buffer.from('UNKNOWN_UNIT'),
    [FAILURE_HEADERS.errorMessage]: Buffer.from('unit 9Z is not known'),
    [FAILURE_HEADERS.failedAt]: Buffer.from('2026-12-06T01:02:03.004Z'),
    [FAILURE_HEADERS.consumerGroup]: Buffer.from('revenue-cycle'),
    [FAILURE_HEADERS.notBefore]: Buffer.from('1796000000000'),
  },
};

describe('deadLetterOf', () => {
  test('reads the failure headers the consumer runtime writes', () => {
    const letter = deadLetterOf(RECORD);
    assert.equal(letter.group, 'revenue-cycle');
    assert.equal(letter.originalTopic, 'clinical.encounter.v1');
    assert.equal(letter.originalPartition, 2);
    assert.equal(letter.originalOffset, '1234');
    assert.equal(letter.errorClass, 'NonRetriableError');
    assert.equal(letter.errorCode, 'UNKNOWN_UNIT');
    assert.equal(letter.errorMessage, 'unit 9Z is not known');
    assert.equal(letter.attempts, 4);
    assert.equal(letter.failedAt?.toISOString(), '2026-12-06T01:02:03.004Z');
    assert.equal(letter.recordName, 'health.meridian.clinical.EncounterDischarged');
  });

  test('a record without failure headers keeps nulls and takes its group from the topic', () => {
    const letter = deadLetterOf({ ...RECORD, topic: 'x.y_z.dlq', headers: {} });
    assert.equal(letter.group, 'x.y_z');
    assert.equal(letter.originalTopic, null);
    assert.equal(letter.attempts, 0);
    assert.equal(letter.failedAt, null);
  });
});

describe('replayMessage', () => {
  test('goes to the group first retry topic with the original bytes, key and headers', () => {
    const message = replayMessage(deadLetterOf(RECORD));
    assert.equal(message.topic, 'revenue-cycle.retry.1');
    assert.deepEqual(message.value, RECORD.value);
    assert.deepEqual(message.key, RECORD.key);
    assert.deepEqual(message.headers['traceparent'], [RECORD.headers.traceparent]);
    assert.deepEqual(message.headers[FAILURE_HEADERS.originalTopic], [
      Buffer.from('clinical.encounter.v1'),
    ]);
    assert.deepEqual(message.headers[FAILURE_HEADERS.originalOffset], [Buffer.from('1234')]);
  });

  test('resets the attempt and drops the not-before time and the last failure', () => {
    const message = replayMessage(deadLetterOf(RECORD));
    for (const name of [
      FAILURE_HEADERS.attempt,
      FAILURE_HEADERS.notBefore,
      FAILURE_HEADERS.errorClass,
      FAILURE_HEADERS.errorMessage,
      FAILURE_HEADERS.failedAt,
    ]) {
      assert.equal(message.headers[name], undefined, name);
    }
  });
});
