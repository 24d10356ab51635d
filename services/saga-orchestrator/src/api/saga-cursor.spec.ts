import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeCursor, encodeCursor } from './saga-cursor.js';

const position = {
  startedAt: '2026-11-22T10:00:00.123456Z',
  id: '6f1c2a1e-4b7d-4a53-9a55-0c1d2e3f4a5b',
};

describe('saga cursor', () => {
  test('round-trips started_at with its microseconds and the id', () => {
    assert.deepEqual(decodeCursor(encodeCursor(position)), position);
  });

  test('is opaque and URL-safe', () => {
    assert.match(encodeCursor(position), /^[A-Za-z0-9_-]+$/);
  });

  test('rejects anything this API did not issue', () => {
    const forged = (text: string): string => Buffer.from(text).toString('base64url');
    for (const raw of [
      '',
      'not a cursor!',
      forged('hello'),
      forged(`2026-11-22T10:00:00Z|not-a-uuid`),
      forged(`yesterday|${position.id}`),
      forged(`2026-13-45T10:00:00Z|${position.id}`),
      forged(`${position.startedAt}|${position.id}|extra`),
    ]) {
      assert.equal(decodeCursor(raw), undefined, raw);
    }
  });
});
