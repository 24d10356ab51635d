import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Topics } from '@meridian/contracts';
import { newControlId } from '@meridian/hl7';
import { bodyOf, problemOf } from '@meridian/service-kit/testing';
import { roleToken } from '@meridian/testing';
import type { TappedMessage, TopicTap } from '@meridian/testing';
import { adtMessage, setField } from '../testing/adt-samples.js';
import { startIngestProcess } from '../testing/ingest-process.js';
import type { IngestProcess } from '../testing/ingest-process.js';

interface Message {
  readonly id: string;
  readonly encounterId: string | null;
  readonly status: string;
  readonly rawPayload?: string | null;
}

const visitNumber = (): string => `VA${randomBytes(5).toString('hex').toUpperCase()}`;

const as = async (role: string): Promise<RequestInit> => ({
  headers: { authorization: `Bearer ${await roleToken(role)}` },
});

/** The audit record's who, what and how, as compared. */
const summary = (record: TappedMessage | undefined): unknown[] =>
  ['action', 'role', 'phiRead', 'outcome', 'httpStatus'].map((field) => record?.value[field]);

describe('encounter-ingest message store access: roles, and the raw payload for phi-reader only', () => {
  let ingest: IngestProcess;
  let audit: TopicTap;
  let visit: string;
  let raw: string;
  let message: Message;

  before(async () => {
    ingest = await startIngestProcess();
    audit = await ingest.service.tap(Topics.AuditV1.name);
    visit = visitNumber();
    const controlId = newControlId();
    raw = adtMessage('A01', visit, controlId);
    await ingest.sendOne(raw);
    const { items } = await bodyOf<{ items: Message[] }>(
      await ingest.service.fetch(`/messages?controlId=${controlId}`),
      200,
    );
    assert.equal(items.length, 1);
    message = items[0] as Message;
  });
  after(() => ingest?.service.stop());

  test('without a token every message route is 401 problem+json with a Bearer challenge', async () => {
    for (const [method, path] of [
      ['GET', '/messages'],
      ['GET', `/messages/${message.id}?include=rawPayload`],
      ['POST', `/messages/${message.id}/reprocess`],
    ] as const) {
      const response = await fetch(`${ingest.service.url}${path}`, { method });
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="meridian"', path);
      await problemOf(response, 401);
    }
  });

  test('a token of another role is 403 problem+json naming the roles the route takes', async () => {
    const coder = await as('coder');
    const list = await problemOf(await ingest.service.fetch('/messages', coder), 403);
    assert.match(list.detail ?? '', /sre-operator, phi-reader/);
    await problemOf(await ingest.service.fetch(`/messages/${message.id}`, coder), 403);
    // Reprocessing is the operators' alone: reading PHI is not running the pipeline again.
    const reprocess = await ingest.service.fetch(`/messages/${message.id}/reprocess`, {
      ...(await as('phi-reader')),
      method: 'POST',
    });
    assert.match((await problemOf(reprocess, 403)).detail ?? '', /roles sre-operator;/);
  });

  test('an sre-operator reads a message without its raw payload; asking for it is 403 and audited as a refused PHI read', async () => {
    const operator = await as('sre-operator');
    const detail = await bodyOf<Message>(
      await ingest.service.fetch(`/messages/${message.id}`, operator),
      200,
    );
    assert.equal('rawPayload' in detail, false);
    assert.equal(detail.encounterId, `MGH:${visit}`);
    const refused = await ingest.service.fetch(
      `/messages/${message.id}?include=rawPayload`,
      operator,
    );
    const problem = await problemOf(refused, 403);
    assert.equal(
      problem.detail,
      'the raw payload takes the role phi-reader, which the token does not carry',
    );
    assert.ok(!JSON.stringify(problem).includes(visit));
    // Refused before the message was read: keyed by the message id (the path's).
    const [record] = await audit.waitFor(
      (m) =>
        m.value['businessKey'] === message.id &&
        m.value['phiRead'] === true &&
        m.value['httpStatus'] === 403,
    );
    assert.deepEqual(summary(record), [
      'READ_PHI GET /messages/:id',
      'sre-operator',
      true,
      'DENIED',
      403,
    ]);
    // The attempt without a token (first test) was a PHI read attempt too, refused at the route.
    const [anonymous] = await audit.waitFor(
      (m) =>
        m.value['businessKey'] === message.id &&
        m.value['phiRead'] === true &&
        m.value['httpStatus'] === 401,
    );
    assert.deepEqual(summary(anonymous), ['READ_PHI GET /messages/:id', null, true, 'DENIED', 401]);
  });

  test('a phi-reader gets the raw payload, audited as a PHI read of the encounter', async () => {
    const detail = await bodyOf<Message>(
      await ingest.service.fetch(
        `/messages/${message.id}?include=rawPayload`,
        await as('phi-reader'),
      ),
      200,
    );
    assert.equal(detail.rawPayload, raw);
    const [record] = await audit.waitFor(
      (m) => m.value['businessKey'] === `MGH:${visit}` && m.value['outcome'] === 'SUCCEEDED',
    );
    assert.deepEqual(summary(record), [
      'READ_PHI GET /messages/:id',
      'phi-reader',
      true,
      'SUCCEEDED',
      200,
    ]);
  });

  test('an sre-operator reprocesses a REJECTED message, audited under its encounter', async () => {
    const rejectedVisit = visitNumber();
    const controlId = newControlId();
    await ingest.sendOne(setField(adtMessage('A08', rejectedVisit, controlId), 'PV1', 2, 'Z'));
    const operator = await as('sre-operator');
    const { items } = await bodyOf<{ items: Message[] }>(
      await ingest.service.fetch(`/messages?controlId=${controlId}&status=REJECTED`, operator),
      200,
    );
    const rejected = items[0];
    assert.ok(rejected, 'the message was stored REJECTED');
    const again = await bodyOf<Message>(
      await ingest.service.fetch(`/messages/${rejected.id}/reprocess`, {
        ...operator,
        method: 'POST',
      }),
      200,
    );
    assert.equal(again.status, 'REJECTED');
    const [record] = await audit.waitFor((m) => m.value['businessKey'] === `MGH:${rejectedVisit}`);
    assert.deepEqual(summary(record), [
      'POST /messages/:id/reprocess',
      'sre-operator',
      false,
      'SUCCEEDED',
      200,
    ]);
  });
});
