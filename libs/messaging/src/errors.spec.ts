import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { isTransientKafkaError, RetriableError } from './errors.js';

// kafkajs' error classes, as kafkajs throws them (they are not ESM named exports).
const kafkajs = createRequire(import.meta.url)('kafkajs') as {
  KafkaJSProtocolError: new (e: object) => Error;
  KafkaJSNonRetriableError: new (e: string | Error, options?: object) => Error;
  KafkaJSConnectionError: new (message: string, options: object) => Error;
  KafkaJSNumberOfRetriesExceeded: new (e: Error, options: object) => Error;
};

describe('isTransientKafkaError', () => {
  test('is true for a protocol error kafkajs marks retriable (a broker still settling)', () => {
    const settling = new kafkajs.KafkaJSProtocolError({
      message: 'This server does not host this topic-partition',
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
      code: 3,
      retriable: true,
    });
    assert.equal(isTransientKafkaError(settling), true);
  });

  test('is true when kafkajs ran out of retries or its wrapper hides a retriable cause', () => {
    const refused = new kafkajs.KafkaJSConnectionError('Connection error', {
      code: 'ECONNREFUSED',
    });
    const exhausted = new kafkajs.KafkaJSNumberOfRetriesExceeded(refused, { cause: refused });
    assert.equal(isTransientKafkaError(exhausted), true);
    assert.equal(
      isTransientKafkaError(new kafkajs.KafkaJSNonRetriableError(refused, { cause: refused })),
      true,
    );
  });

  test('is false for kafkajs errors it does not retry, and for any other error', () => {
    assert.equal(isTransientKafkaError(new kafkajs.KafkaJSNonRetriableError('gave up')), false);
    assert.equal(isTransientKafkaError(new RetriableError('database busy')), false);
    assert.equal(isTransientKafkaError('This server does not host this topic-partition'), false);
  });
});
