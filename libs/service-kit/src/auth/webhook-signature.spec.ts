import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkWebhookSignature, signWebhook } from './webhook-signature.js';

const body = Buffer.from('{"eventType":"employee.hired","employeeId":"E-1"}');
const at = new Date('2026-12-06T10:00:00Z');

describe('webhook signatures', () => {
  it('accepts its own signature, within the tolerance', () => {
    const header = signWebhook('s3cret', body, at);
    assert.match(header, /^t=1796551200,v1=[0-9a-f]{64}$/);
    assert.deepEqual(checkWebhookSignature(header, body, 's3cret', 300, at), { ok: true });
    const later = new Date(at.getTime() + 299_000);
    assert.deepEqual(checkWebhookSignature(header, body, 's3cret', 300, later), { ok: true });
  });

  it('refuses another secret, a changed body, and an old or future timestamp, naming why', () => {
    const header = signWebhook('s3cret', body, at);
    const reason = (check: ReturnType<typeof checkWebhookSignature>) =>
      check.ok ? '' : check.reason;
    assert.match(
      reason(checkWebhookSignature(header, body, 'other', 300, at)),
      /no v1 signature matches/,
    );
    const tampered = Buffer.from(body.toString().replace('E-1', 'E-2'));
    assert.match(
      reason(checkWebhookSignature(header, tampered, 's3cret', 300, at)),
      /no v1 signature/,
    );
    const late = new Date(at.getTime() + 301_000);
    assert.match(
      reason(checkWebhookSignature(header, body, 's3cret', 300, late)),
      /301 s from now/,
    );
    const early = new Date(at.getTime() - 400_000);
    assert.match(
      reason(checkWebhookSignature(header, body, 's3cret', 300, early)),
      /400 s from now/,
    );
  });

  it('refuses a missing or malformed header', () => {
    const reason = (header: string | undefined) => {
      const check = checkWebhookSignature(header, body, 's3cret', 300, at);
      return check.ok ? '' : check.reason;
    };
    assert.match(reason(undefined), /has no x-meridian-signature/);
    for (const bad of [
      'v1=abc',
      't=abc,v1=00',
      't=1,t=2,v1=00',
      'sha256=deadbeef',
      't=1796551200',
    ]) {
      assert.match(reason(bad), /is not t=<unix seconds>/, bad);
    }
    assert.match(reason('t=1796551200,v1=zz'), /no v1 signature matches/);
  });

  it('accepts any one of several v1 signatures (a secret being rotated)', () => {
    const old = signWebhook('old', body, at);
    const current = signWebhook('new', body, at).split(',')[1];
    const both = `${old},${current}`;
    assert.deepEqual(checkWebhookSignature(both, body, 'new', 300, at), { ok: true });
    assert.deepEqual(checkWebhookSignature(both, body, 'old', 300, at), { ok: true });
  });
});
