import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import {
  InfrastructureUnavailableError,
  NonRetriableError,
  SchemaNotRegisteredError,
} from '../errors.js';
import { classifyStartFailure } from './start-failure.js';

const require = createRequire(import.meta.url);
// The drivers' error classes, as they throw them (kafkajs' are not ESM named exports).
const kafkajs = require('kafkajs') as {
  KafkaJSProtocolError: new (e: object) => Error;
  KafkaJSConnectionError: new (message: string, options: object) => Error;
  KafkaJSNumberOfRetriesExceeded: new (e: Error, options: object) => Error;
  KafkaJSNonRetriableError: new (e: Error, options: object) => Error;
  KafkaJSSASLAuthenticationError: new (message: string) => Error;
};
const { DatabaseError } = require('pg-protocol') as {
  DatabaseError: new (message: string, length: number, name: string) => Error & { code?: string };
};

function pgError(code: string, message: string): Error {
  const error = new DatabaseError(message, 0, 'error');
  error.code = code;
  return error;
}

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5433`), { code });
}

describe('classifyStartFailure', () => {
  test('retries a broker that does not host a topic-partition yet, naming the Kafka error type', () => {
    const settling = new kafkajs.KafkaJSProtocolError({
      message: 'This server does not host this topic-partition',
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
      code: 3,
      retriable: true,
    });
    assert.deepEqual(classifyStartFailure(settling), {
      retriable: true,
      type: 'KafkaJSProtocolError',
      code: 'UNKNOWN_TOPIC_OR_PARTITION',
    });
  });

  test("retries a broker kafkajs gave up connecting to, naming the original cause's class and code", () => {
    const refused = new kafkajs.KafkaJSConnectionError('Connection error: connect ECONNREFUSED', {
      code: 'ECONNREFUSED',
    });
    const exhausted = new kafkajs.KafkaJSNumberOfRetriesExceeded(refused, {
      retryCount: 5,
      retryTime: 3000,
      cause: refused,
    });
    assert.deepEqual(classifyStartFailure(exhausted), {
      retriable: true,
      type: 'KafkaJSConnectionError',
      code: 'ECONNREFUSED',
    });
  });

  test('fails at once on refused Kafka credentials and on a refused authorization', () => {
    const sasl = new kafkajs.KafkaJSSASLAuthenticationError('SASL PLAIN authentication failed');
    const bailed = new kafkajs.KafkaJSNonRetriableError(sasl, { cause: sasl });
    assert.equal(classifyStartFailure(bailed).retriable, false);
    assert.equal(classifyStartFailure(bailed).type, 'KafkaJSSASLAuthenticationError');
    const denied = new kafkajs.KafkaJSProtocolError({
      message: 'Not authorized to access topics: [Topic authorization failed]',
      type: 'TOPIC_AUTHORIZATION_FAILED',
      code: 29,
      retriable: false,
    });
    assert.equal(classifyStartFailure(denied).retriable, false);
  });

  test('retries a registry that is unavailable and fails at once on a schema missing from it', () => {
    const unavailable = new InfrastructureUnavailableError('schema registry unavailable');
    assert.deepEqual(classifyStartFailure(unavailable), {
      retriable: true,
      type: 'InfrastructureUnavailableError',
      code: 'INFRASTRUCTURE_UNAVAILABLE',
    });
    const missing = new SchemaNotRegisteredError('clinical.encounter.v1-x.Y');
    assert.equal(classifyStartFailure(missing).retriable, false);
    assert.equal(classifyStartFailure(new NonRetriableError('refused')).retriable, false);
  });

  test('retries PostgreSQL starting up, shutting down, out of connections or not listening', () => {
    for (const code of ['57P03', '57P01', '57P02', '53300', '08006', '08001', '40001', '40P01']) {
      const failure = classifyStartFailure(pgError(code, 'the database system is starting up'));
      assert.deepEqual(failure, { retriable: true, type: 'error', code }, code);
    }
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EAI_AGAIN'])
      assert.deepEqual(classifyStartFailure(systemError(code)), {
        retriable: true,
        type: 'Error',
        code,
      });
  });

  test('finds the connection failure behind an AggregateError, a cause or a driverError', () => {
    // Node tries ::1 and 127.0.0.1 for localhost and reports both refusals together.
    const both = new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')]);
    assert.equal(classifyStartFailure(both).code, 'ECONNREFUSED');
    const timeout = new Error('Connection terminated due to connection timeout', {
      cause: new Error('Connection terminated unexpectedly'),
    });
    assert.deepEqual(classifyStartFailure(timeout), {
      retriable: true,
      type: 'Error',
      code: 'CONNECT_TIMEOUT',
    });
    const wrapped = Object.assign(new Error('query failed'), {
      name: 'QueryFailedError',
      driverError: pgError('57P01', 'terminating connection due to administrator command'),
    });
    assert.equal(classifyStartFailure(wrapped).retriable, true);
  });

  test('fails at once on wrong database credentials, a missing database or a failing migration', () => {
    assert.deepEqual(
      classifyStartFailure(pgError('28P01', 'password authentication failed for user "x"')),
      { retriable: false, type: 'error', code: '28P01' },
    );
    assert.equal(
      classifyStartFailure(pgError('3D000', 'database "x" does not exist')).retriable,
      false,
    );
    const migration = Object.assign(new Error('relation "no_such_table" does not exist'), {
      name: 'QueryFailedError',
      code: '42P01',
      driverError: pgError('42P01', 'relation "no_such_table" does not exist'),
    });
    assert.deepEqual(classifyStartFailure(migration), {
      retriable: false,
      type: 'QueryFailedError',
      code: '42P01',
    });
  });

  test('fails at once on a bug or a thrown value that is not an error', () => {
    assert.deepEqual(classifyStartFailure(new TypeError('x is not a function')), {
      retriable: false,
      type: 'TypeError',
    });
    assert.deepEqual(classifyStartFailure('boom'), { retriable: false, type: 'string' });
  });
});
