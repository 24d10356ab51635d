import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { registryFailure } from './registry-failure.js';

/** The registry client's ResponseError: an HTTP status and the client's message. */
const response = (status: number, message: string): Error =>
  Object.assign(new Error(message), { name: 'ResponseError', status });

describe('registryFailure', () => {
  test('is unavailable when the registry is unreachable, times out or answers 5xx, 408 or 429', () => {
    const cases = [
      response(400, ' - connect ECONNREFUSED 127.0.0.1:8081'),
      response(400, ' - Timeout (5000ms)'),
      response(503, ' - Error, status 503'),
      response(500, ' - Internal Server Error'),
      response(408, ' - Request Timeout'),
      response(429, ' - Too Many Requests'),
      Object.assign(new Error('getaddrinfo EAI_AGAIN registry'), { code: 'EAI_AGAIN' }),
    ];
    assert.deepEqual(
      cases.map((e) => registryFailure(e)),
      [
        { kind: 'unavailable', detail: 'ECONNREFUSED' },
        { kind: 'unavailable', detail: 'timeout' },
        { kind: 'unavailable', detail: 'status 503' },
        { kind: 'unavailable', detail: 'status 500' },
        { kind: 'unavailable', detail: 'status 408' },
        { kind: 'unavailable', detail: 'status 429' },
        { kind: 'unavailable', detail: 'EAI_AGAIN' },
      ],
    );
  });

  test('is not-found when the registry does not know the subject or schema', () => {
    const missing = Object.assign(new Error('Subject not found'), {
      name: 'ConfluentSchemaRegistryError',
    });
    assert.deepEqual(registryFailure(missing), { kind: 'not-found', detail: 'status 404' });
    assert.equal(registryFailure(response(404, ' - Schema not found')).kind, 'not-found');
  });

  test('is refused when the registry turns the credentials or the request down', () => {
    assert.deepEqual(registryFailure(response(401, ' - Unauthorized')), {
      kind: 'refused',
      detail: 'status 401',
    });
    assert.equal(registryFailure(response(403, ' - Forbidden')).kind, 'refused');
    assert.equal(registryFailure(response(422, ' - Invalid schema')).kind, 'refused');
    assert.equal(registryFailure(new TypeError('x is undefined')).kind, 'refused');
  });
});
