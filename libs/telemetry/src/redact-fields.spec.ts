import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redactFields } from './redact-fields.js';

describe('redactFields', () => {
  test('stops at a cycle and at depth 8, and leaves errors and dates to the serializers', () => {
    const loop: Record<string, unknown> = { encounterId: 'E1' };
    loop['self'] = loop;
    let deep: Record<string, unknown> = { mrn: 'M' };
    for (let i = 0; i < 10; i += 1) deep = { next: deep };
    const error = new Error('x');
    const at = new Date(0);
    const redacted = redactFields({ loop, deep, error, at });
    assert.deepEqual(redacted['loop'], { encounterId: 'E1', self: '[Circular]' });
    assert.match(JSON.stringify(redacted['deep']), /"\[Too deep\]"/);
    assert.equal(redacted['error'], error);
    assert.equal(redacted['at'], at);
  });

  test('keeps a value met twice that is no cycle', () => {
    const shared = { unitId: '4W' };
    assert.deepEqual(redactFields({ from: shared, to: shared }), {
      from: { unitId: '4W' },
      to: { unitId: '4W' },
    });
  });
});
