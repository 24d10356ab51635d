import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AuditRecorded, Topics } from '@meridian/contracts';
import { roleToken, uniqueName, until } from '@meridian/testing';
import { badFields, ObservabilityHarness } from '../testing/observability-harness.js';
import type { AuditEntry } from './audit.store.js';

type AuditPage = { items: AuditEntry[]; nextCursor: string | null };

/** An audit record as another service's kit writes it (the envelope is the sender's). */
function recordOf(
  businessKey: string,
  occurredAt: Date,
  overrides: Partial<Omit<AuditRecorded, 'envelope'>> = {},
): Omit<AuditRecorded, 'envelope'> {
  return {
    auditId: randomUUID(),
    occurredAt,
    subject: randomUUID(),
    username: 'coder',
    clientId: 'meridian-cli',
    role: 'coder',
    roles: ['coder'],
    action: 'POST /coding-tasks/:id/complete',
    resource: `/coding-tasks/${businessKey}/complete`,
    businessKey,
    phiRead: false,
    outcome: 'SUCCEEDED',
    httpStatus: 200,
    traceId: null,
    ...overrides,
  };
}

describe('observability: the audit trail (audit.v1, GET /audit)', () => {
  let harness: ObservabilityHarness;

  const audit = (query: string): Promise<AuditPage> => harness.service.getJson(`/audit?${query}`);

  /** The records of `businessKey` once `count` are stored. */
  const stored = async (businessKey: string, count: number): Promise<AuditEntry[]> => {
    let items: AuditEntry[] = [];
    await until(
      `${count} audit records of ${businessKey}`,
      async () => (items = (await audit(`businessKey=${businessKey}`)).items).length >= count,
      60_000,
    );
    return items;
  };

  const publish = (record: Omit<AuditRecorded, 'envelope'>): Promise<unknown> =>
    harness.sender.publisher.publish(Topics.AuditV1, AuditRecorded, record, {
      key: record.businessKey ?? record.auditId,
    });

  before(async () => {
    harness = await ObservabilityHarness.start();
  });

  after(() => harness?.stop());

  test("another service's records are kept once per auditId and listed newest first, a page at a time", async () => {
    const key = uniqueName('ENC');
    const first = recordOf(key, new Date(Date.now() - 3_000));
    const second = recordOf(key, new Date(Date.now() - 2_000), {
      outcome: 'DENIED',
      httpStatus: 403,
      role: null,
    });
    const third = recordOf(key, new Date(Date.now() - 1_000), {
      action: 'READ_PHI GET /messages/:id',
      phiRead: true,
    });
    // `first` again (a new message, as a relay after a crash would send it) before `third`, on the
    // same partition: read before `third`, and not stored twice.
    for (const record of [first, second, first, third]) await publish(record);
    const items = await stored(key, 3);
    assert.deepEqual(
      items.map((i) => i.auditId),
      [third.auditId, second.auditId, first.auditId],
    );
    const [newest] = items;
    assert.match(newest?.source ?? '', /^observability_it_sender/, 'the producing service');
    assert.equal(newest?.phiRead, true);
    assert.equal(newest?.action, 'READ_PHI GET /messages/:id');
    assert.equal(items[1]?.outcome, 'DENIED');
    assert.equal(items[1]?.httpStatus, 403);

    const page1 = await audit(`businessKey=${key}&limit=2`);
    assert.deepEqual(
      page1.items.map((i) => i.auditId),
      [third.auditId, second.auditId],
    );
    assert.ok(page1.nextCursor, 'a cursor to the next page');
    const page2 = await audit(`businessKey=${key}&limit=2&cursor=${page1.nextCursor}`);
    assert.deepEqual(
      page2.items.map((i) => i.auditId),
      [first.auditId],
    );
    assert.equal(page2.nextCursor, null);

    const ranged = await audit(
      `businessKey=${key}&since=${new Date(first.occurredAt.getTime() + 1).toISOString()}&until=${third.occurredAt.toISOString()}`,
    );
    assert.deepEqual(
      ranged.items.map((i) => i.auditId),
      [second.auditId],
      'since is inclusive, until exclusive',
    );
    const bySubject = await audit(`subject=${first.subject}`);
    assert.deepEqual(
      bySubject.items.map((i) => i.auditId),
      [first.auditId],
    );
  });

  test("observability's own mutating calls are audited, refused ones too (who, role, outcome, status)", async () => {
    const id = String(Date.now() * 1000 + Math.floor(Math.random() * 1000));
    const allowed = await harness.service.send('POST', `/dlq/${id}/park`, { reason: 'audit test' });
    assert.equal(allowed.status, 404, await allowed.text());
    const refused = await harness.service.send(
      'POST',
      `/dlq/${id}/park`,
      { reason: 'audit test' },
      { authorization: `Bearer ${await roleToken('coder')}` },
    );
    assert.equal(refused.status, 403);
    const items = await stored(id, 2);
    const denied = items.find((i) => i.outcome === 'DENIED');
    const failed = items.find((i) => i.outcome === 'FAILED');
    assert.ok(denied && failed, JSON.stringify(items));
    for (const record of [denied, failed]) {
      assert.equal(record.action, 'POST /dlq/:id/park');
      assert.equal(record.resource, `/dlq/${id}/park`);
      assert.equal(record.source, 'observability');
    }
    assert.equal(denied.username, 'coder');
    assert.equal(denied.role, null);
    assert.equal(denied.httpStatus, 403);
    assert.equal(failed.role, 'sre-operator');
    assert.equal(failed.httpStatus, 404);
  });

  test('a stored record cannot be changed nor deleted: the table refuses UPDATE, DELETE and TRUNCATE', async () => {
    const key = uniqueName('ENC');
    const record = recordOf(key, new Date());
    await publish(record);
    await stored(key, 1);
    await assert.rejects(
      harness.sql(
        "UPDATE audit_record SET outcome = 'SUCCEEDED', username = 'someone' WHERE business_key = $1",
        [key],
      ),
      /audit_record is append-only: UPDATE refused/,
    );
    await assert.rejects(
      harness.sql('DELETE FROM audit_record WHERE business_key = $1', [key]),
      /audit_record is append-only: DELETE refused/,
    );
    await assert.rejects(
      harness.sql('TRUNCATE audit_record'),
      /audit_record is append-only: TRUNCATE refused/,
    );
    const [kept] = await stored(key, 1);
    assert.equal(kept?.username, 'coder');
  });

  test('GET /audit takes sre-operator or admin: 401 without a token, 403 for another role', async () => {
    const query = `/audit?businessKey=${uniqueName('ENC')}`;
    const anonymous = await fetch(`${harness.service.url}${query}`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('content-type') ?? '', /problem\+json/);
    for (const role of ['coder', 'phi-reader']) {
      const response = await harness.service.fetch(query, {
        headers: { authorization: `Bearer ${await roleToken(role)}` },
      });
      assert.equal(response.status, 403, role);
    }
    for (const role of ['sre-operator', 'admin']) {
      const response = await harness.service.fetch(query, {
        headers: { authorization: `Bearer ${await roleToken(role)}` },
      });
      assert.equal(response.status, 200, role);
    }
  });

  test('a query without businessKey or subject, or with a bad range or cursor, is a 400 naming the field', async () => {
    assert.deepEqual(await badFields(await harness.service.fetch('/audit')), ['businessKey']);
    assert.deepEqual(
      await badFields(await harness.service.fetch('/audit?since=yesterday&until=x&subject=a')),
      ['since', 'until'],
    );
    assert.deepEqual(
      await badFields(
        await harness.service.fetch('/audit?businessKey=a&cursor=bm90LWEtY3Vyc29y&role=x'),
      ),
      ['cursor', 'role'],
    );
  });
});
