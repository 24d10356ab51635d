import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invalidFields } from '@meridian/service-kit/testing';
import { encodeAuditCursor, parseAuditQuery } from './audit-requests.js';

describe('audit requests', () => {
  test('a business key or a subject is required, named when both are missing', () => {
    assert.deepEqual(
      invalidFields(() => parseAuditQuery({})),
      ['businessKey'],
    );
    assert.deepEqual(
      invalidFields(() => parseAuditQuery({ since: '2026-12-06T00:00:00Z' })),
      ['businessKey'],
    );
    assert.equal(parseAuditQuery({ subject: 'coder' }).subject, 'coder');
  });

  test('the range, the limit and the cursor are read; bad ones are named', () => {
    const at = new Date('2026-12-06T10:00:00.123Z');
    const query = parseAuditQuery({
      businessKey: 'ENC-1',
      since: '2026-12-06T00:00:00Z',
      until: '2026-12-07T00:00:00+01:00',
      limit: '10',
      cursor: encodeAuditCursor({ occurredAt: at, seq: '42' }),
    });
    assert.deepEqual(query, {
      businessKey: 'ENC-1',
      subject: undefined,
      since: new Date('2026-12-06T00:00:00Z'),
      until: new Date('2026-12-06T23:00:00Z'),
      after: { occurredAt: at, seq: '42' },
      limit: 10,
    });
    assert.deepEqual(
      invalidFields(() =>
        parseAuditQuery({
          businessKey: 'ENC-1',
          since: '2026-12-06',
          limit: '0',
          cursor: Buffer.from('2026-12-06T10:00:00Z|0').toString('base64url'),
          role: 'x',
        }),
      ).sort(),
      ['cursor', 'limit', 'role', 'since'],
    );
  });
});
