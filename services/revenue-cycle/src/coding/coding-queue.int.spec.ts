import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CompleteCoding, EncounterCoded, Topics } from '@meridian/contracts';
import { RECORD_HEADER } from '@meridian/messaging';
import type { Published } from '@meridian/messaging';
import { FORBIDDEN_PROBLEM, PROBLEM_JSON } from '@meridian/service-kit';
import type { ProblemDetails } from '@meridian/service-kit';
import { roleToken, TESTS_CLIENT, until } from '@meridian/testing';
import type { TopicTap } from '@meridian/testing';
import { completeCoding, HEART_FAILURE, newCase } from '../testing/discharge-commands.js';
import type { DischargeCase } from '../testing/discharge-commands.js';
import { startRevenueStack } from '../testing/revenue-stack.js';
import type { RevenueStack } from '../testing/revenue-stack.js';
import { DRG_GROUPER_VERSION } from './coding-rules.js';
import type { CodingQueueItemDto, CodingQueueListDto } from './dto/coding-queue-item.dto.js';

/** What the EHR sends when nobody marked a principal diagnosis. */
const NO_PRINCIPAL = HEART_FAILURE.map((d) => ({ ...d, principal: false }));
/** The harness token's user (the meridian-tests client's service account). */
const HARNESS_USER = `service-account-${TESTS_CLIENT}`;
const CODER_INPUT = {
  diagnoses: [
    { code: 'N18.3', principal: false, presentOnAdmission: 'Y' },
    { code: 'I50.23', principal: true, presentOnAdmission: 'Y' },
  ],
};

describe('revenue-cycle coding over Kafka and the coding queue', () => {
  let stack: RevenueStack;
  let events: TopicTap;
  let audits: TopicTap;

  before(async () => {
    stack = await startRevenueStack('revenue_coding');
    events = await stack.tapEvents(Topics.RevenueCodingV1);
    audits = await stack.tapEvents(Topics.AuditV1);
  });
  after(async () => {
    await stack?.stop();
  });

  /** Sends a CompleteCoding without a principal diagnosis; resolves once its item is queued. */
  const queue = async (
    c: DischargeCase,
  ): Promise<{ item: CodingQueueItemDto; command: Published }> => {
    const command = await stack.send(
      CompleteCoding,
      completeCoding(c, NO_PRINCIPAL),
      c.encounterId,
    );
    let item: CodingQueueItemDto | undefined;
    await until('the encounter waits in the coding queue', async () => {
      const path = `/coding-queue?status=OPEN&encounterId=${encodeURIComponent(c.encounterId)}`;
      item = (await stack.http<CodingQueueListDto>('GET', path)).body.items[0];
      return item !== undefined;
    });
    assert.ok(item);
    return { item, command };
  };
  const complete = <T = CodingQueueItemDto>(id: string, body: unknown, token?: string) =>
    stack.http<T>('POST', `/coding-queue/${id}/complete`, body, token);
  /** The audit record of a completion by `username` with `outcome`, which names the encounter. */
  const completionAudit = async (encounterId: string, username: string, outcome: string) => {
    const [record] = await audits.waitFor(
      (m) =>
        m.value['action'] === 'POST /coding-queue/:id/complete' &&
        m.value['businessKey'] === encounterId &&
        m.value['username'] === username &&
        m.value['outcome'] === outcome,
      1,
      30_000,
    );
    assert.ok(record);
    return record.value;
  };

  test('auto-codes an encounter with a principal diagnosis and replies with POA, procedures and the DRG', async () => {
    const c = newCase();
    const reply = await stack.replyTo(
      await stack.send(CompleteCoding, completeCoding(c, HEART_FAILURE), c.encounterId),
    );
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    assert.deepEqual(reply.value['diagnoses'], [
      { icd10CmCode: 'I50.23', sequence: 1, principal: true, presentOnAdmission: 'Y' },
      { icd10CmCode: 'N18.3', sequence: 2, principal: false, presentOnAdmission: 'Y' },
    ]);
    assert.deepEqual(
      (reply.value['procedures'] as { code: string }[]).map((p) => p.code),
      ['02HV33Z', '71046', '80053'],
    );
    assert.equal(reply.value['drgCode'], '291');
    assert.equal(reply.value['codedBy'], 'AUTO');
  });

  test('queues an encounter without a principal diagnosis and sends no reply; a resend keeps one item, answered when completed', async () => {
    const c = newCase();
    const { item } = await queue(c);
    assert.equal(item.status, 'OPEN');
    assert.equal(item.escalated, false);
    assert.equal(item.sagaId, c.sagaId);
    assert.deepEqual(
      item.diagnoses.map((d) => d.icd10CmCode),
      ['I50.23', 'N18.3'],
    );
    const resent = await stack.send(CompleteCoding, completeCoding(c, NO_PRINCIPAL), c.encounterId);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const all = await stack.http<CodingQueueListDto>(
      'GET',
      `/coding-queue?encounterId=${encodeURIComponent(c.encounterId)}`,
    );
    assert.deepEqual(
      all.body.items.map((i) => i.id),
      [item.id],
    );
    assert.deepEqual(stack.repliesOf(c.sagaId), []);

    assert.equal((await complete(item.id, CODER_INPUT)).status, 200);
    const [reply] = await stack.waitForReplies(c.sagaId, 1);
    assert.equal(reply?.commandMessageId, resent.messageId);
  });

  test('answers 400 problem+json naming diagnoses[1].code for an invalid code, and 404 for an unknown item', async () => {
    const { item } = await queue(newCase());
    const invalid = await complete<ProblemDetails>(item.id, {
      ...CODER_INPUT,
      diagnoses: [
        CODER_INPUT.diagnoses[1],
        { code: '150.23', principal: false, presentOnAdmission: 'N' },
      ],
    });
    assert.equal(invalid.status, 400);
    assert.ok(invalid.contentType.startsWith(PROBLEM_JSON));
    assert.deepEqual(
      invalid.body.errors?.map((e) => e.field),
      ['diagnoses[1].code'],
    );
    const stillOpen = await stack.http<CodingQueueItemDto>('GET', `/coding-queue/${item.id}`);
    assert.equal(stillOpen.body.status, 'OPEN');

    const unknown = await complete<ProblemDetails>(randomUUID(), CODER_INPUT);
    assert.equal(unknown.status, 404);
    assert.ok(unknown.contentType.startsWith(PROBLEM_JSON));
  });

  test('completing an item replies CompleteCodingReply SUCCEEDED with the coder diagnoses, and a second completion is 409', async () => {
    const c = newCase();
    const { item, command } = await queue(c);
    const completed = await complete(item.id, CODER_INPUT);
    assert.equal(completed.status, 200, JSON.stringify(completed.body));
    assert.equal(completed.body.status, 'COMPLETED');
    assert.equal(completed.body.coding?.codedBy, 'CODER');
    assert.equal(completed.body.coding?.coderId, HARNESS_USER);

    const [reply] = await stack.waitForReplies(c.sagaId, 1);
    assert.ok(reply);
    assert.equal(reply.recordName, 'health.meridian.revenue.CompleteCodingReply');
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.equal(reply.stepName, 'CompleteCoding');
    assert.equal(reply.commandMessageId, command.messageId);
    assert.deepEqual(reply.value['diagnoses'], [
      { icd10CmCode: 'I50.23', sequence: 1, principal: true, presentOnAdmission: 'Y' },
      { icd10CmCode: 'N18.3', sequence: 2, principal: false, presentOnAdmission: 'Y' },
    ]);
    assert.equal(reply.value['drgCode'], '291');
    assert.equal(reply.value['codedBy'], 'CODER');
    const [event] = await events.waitFor((e) => e.key === c.encounterId);
    assert.equal(event?.headers[RECORD_HEADER], EncounterCoded.fullName);
    assert.equal(event?.value['coderId'], HARNESS_USER);
    assert.equal(event?.value['drgGrouperVersion'], DRG_GROUPER_VERSION);

    const again = await complete<ProblemDetails>(item.id, CODER_INPUT);
    assert.equal(again.status, 409);
  });

  test('a coder signed in with a Keycloak token of the coder role completes a coding task as the coder: the saga gets its reply, EncounterCoded names the token user, audited under the encounter', async () => {
    const c = newCase();
    const { item, command } = await queue(c);
    const coder = await roleToken('coder');

    const completed = await complete(item.id, CODER_INPUT, coder);
    assert.equal(completed.status, 200, JSON.stringify(completed.body));
    assert.equal(completed.body.status, 'COMPLETED');
    assert.equal(completed.body.coding?.codedBy, 'CODER');
    assert.equal(completed.body.coding?.coderId, 'coder');
    const stored = await stack.http<CodingQueueItemDto>(
      'GET',
      `/coding-queue/${item.id}`,
      undefined,
      coder,
    );
    assert.equal(stored.body.status, 'COMPLETED');

    const [reply] = await stack.waitForReplies(c.sagaId, 1);
    assert.equal(reply?.recordName, 'health.meridian.revenue.CompleteCodingReply');
    assert.equal(reply?.outcome, 'SUCCEEDED');
    assert.equal(reply?.commandMessageId, command.messageId);
    assert.equal(reply?.value['codedBy'], 'CODER');
    const [event] = await events.waitFor((e) => e.key === c.encounterId);
    assert.equal(event?.headers[RECORD_HEADER], EncounterCoded.fullName);
    assert.equal(event?.value['coderId'], 'coder');

    const record = await completionAudit(c.encounterId, 'coder', 'SUCCEEDED');
    assert.equal(record['role'], 'coder');
    assert.equal(record['httpStatus'], 200);
    assert.equal(record['resource'], `/coding-queue/${item.id}/complete`);
    // Refused by the handler (not OPEN): still audited under the encounter.
    assert.equal((await complete(item.id, CODER_INPUT, coder)).status, 409);
    await completionAudit(c.encounterId, 'coder', 'FAILED');
  });

  test('a body naming the coder is a 400 naming coderId, whoever it names, and the item stays OPEN with no reply', async () => {
    const c = newCase();
    const { item } = await queue(c);
    const coder = await roleToken('coder');
    for (const coderId of ['coder', 'someone-else']) {
      const refused = await complete<ProblemDetails>(item.id, { ...CODER_INPUT, coderId }, coder);
      assert.equal(refused.status, 400);
      assert.ok(refused.contentType.startsWith(PROBLEM_JSON));
      assert.deepEqual(
        refused.body.errors?.map((e) => e.field),
        ['coderId'],
      );
    }
    const stillOpen = await stack.http<CodingQueueItemDto>('GET', `/coding-queue/${item.id}`);
    assert.equal(stillOpen.body.status, 'OPEN');
    assert.equal(stillOpen.body.coding, null);
    assert.deepEqual(stack.repliesOf(c.sagaId), []);
  });

  test('only a coder completes: 401 without a token, 403 to revenue integrity (who reads the queue) and other roles, and the item stays OPEN', async () => {
    const c = newCase();
    const { item } = await queue(c);
    const anonymous = await fetch(`${stack.service.url}/coding-queue/${item.id}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(CODER_INPUT),
    });
    assert.equal(anonymous.status, 401);
    assert.ok(anonymous.headers.get('content-type')?.startsWith(PROBLEM_JSON));
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer realm="meridian"');
    for (const role of ['revenue-integrity', 'admin', 'supply-tech']) {
      const refused = await complete<ProblemDetails & { requiredRoles?: string[] }>(
        item.id,
        CODER_INPUT,
        await roleToken(role),
      );
      assert.equal(refused.status, 403, role);
      assert.ok(refused.contentType.startsWith(PROBLEM_JSON));
      assert.equal(refused.body.type, FORBIDDEN_PROBLEM);
      assert.deepEqual(refused.body.requiredRoles, ['coder']);
    }
    const seen = await stack.http<CodingQueueItemDto>(
      'GET',
      `/coding-queue/${item.id}`,
      undefined,
      await roleToken('revenue-integrity'),
    );
    assert.equal(seen.status, 200);
    assert.equal(seen.body.status, 'OPEN');
    const list = await stack.http<ProblemDetails>(
      'GET',
      '/coding-queue',
      undefined,
      await roleToken('ap-clerk'),
    );
    assert.equal(list.status, 403);
    assert.equal((await fetch(`${stack.service.url}/coding-queue`)).status, 401);
    assert.deepEqual(stack.repliesOf(c.sagaId), []);
  });
});
