import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEnvelope, withEnvelope } from './envelope.js';

const at = new Date('2026-11-22T08:00:00Z');

describe('createEnvelope', () => {
  it('gives a fresh uuid, the time, the service as source and the key as correlation id', () => {
    const envelope = createEnvelope('encounter-ingest', 'V1001', {}, undefined, () => at);
    assert.match(
      envelope.messageId,
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert.deepEqual(
      { ...envelope, messageId: 'x' },
      {
        messageId: 'x',
        occurredAt: at,
        correlationId: 'V1001',
        causationId: null,
        source: 'encounter-ingest',
      },
    );
    assert.notEqual(createEnvelope('s', 'k', {}, undefined).messageId, envelope.messageId);
  });

  it('inherits correlation and causation from the message being handled', () => {
    const envelope = createEnvelope(
      'revenue-cycle',
      'V1001',
      {},
      { messageId: 'm-1', correlationId: 'saga-9' },
    );
    assert.equal(envelope.correlationId, 'saga-9');
    assert.equal(envelope.causationId, 'm-1');
  });

  it('lets the publisher set both explicitly', () => {
    const envelope = createEnvelope(
      's',
      'k',
      { correlationId: 'c', causationId: null },
      { messageId: 'm', correlationId: 'x' },
    );
    assert.equal(envelope.correlationId, 'c');
    assert.equal(envelope.causationId, null);
  });

  it('takes the message id the publisher chose beforehand', () => {
    const messageId = '0b9d4a52-3f6e-4c1a-9d2e-7a5b8c1e2f30';
    const envelope = createEnvelope('s', 'k', { messageId }, undefined);
    assert.equal(envelope.messageId, messageId);
  });
});

describe('withEnvelope', () => {
  it('puts the envelope first', () => {
    const envelope = createEnvelope('s', 'k', {}, undefined, () => at);
    assert.deepEqual(Object.keys(withEnvelope(envelope, { bedId: '4W-12' })), [
      'envelope',
      'bedId',
    ]);
  });
});
