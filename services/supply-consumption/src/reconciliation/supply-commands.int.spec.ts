import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  ReconcileEncounterSupplies,
  Topics,
  UnreconcileEncounterSupplies,
} from '@meridian/contracts';
import type { Messaging } from '@meridian/messaging';
import { tapReplies } from '@meridian/saga/testing';
import type { ReplyTap, TappedReply } from '@meridian/saga/testing';
import { getInfra, uniqueName } from '@meridian/testing';
import { allRecords } from '@meridian/service-kit';
import { bodyOf, problemOf, startTestSender } from '@meridian/service-kit/testing';
import { startSupplyService } from '../testing/supply-service.js';
import type { ServiceUnderTest } from '@meridian/testing';
import type { UsageDto, UsageListDto } from '../usage/dto/usage.dto.js';

const HOUR = 60 * 60_000;
const STEP = 'ReconcileEncounterSupplies';

/** A ChargeableSupply as the tap decodes it (timestamps as epoch millis). */
interface Line {
  readonly usageId: string;
  readonly itemId: string;
  readonly chargeCode: string;
  readonly hcpcsCode: string | null;
  readonly quantity: number;
  readonly unitOfMeasure: string;
  readonly usedAt: number;
}

describe('saga commands through Kafka, the service as its own process', () => {
  let service: ServiceUnderTest;
  let orchestrator: Messaging;
  let replies: ReplyTap;
  const admittedAt = new Date(Date.now() - 72 * HOUR);
  const dischargedAt = new Date(Date.now() - 2 * HOUR);
  const encounterId = `MGH:${uniqueName('v')}`;
  const sagaId = randomUUID();
  /** Usage ids by what the test made them for. */
  const ids: Record<string, string> = {};

  async function record(name: string, body: Record<string, unknown>): Promise<UsageDto> {
    const usage = await bodyOf<UsageDto>(
      await service.send('POST', '/usage', { encounterId, quantity: 1, unitId: '5E', ...body }),
      201,
    );
    ids[name] = usage.usageId;
    return usage;
  }

  /**
   * Every supply-consumption process on the stack (other test runs', each with its own group and
   * database) reads the commands topic and answers a reconciliation too: with no usages for an
   * encounter it does not know, and nothing un-marked for a saga it never reconciled. A test that
   * expects usages (or a failure) waits for a reply that has some.
   */
  const reconciledSome = (r: TappedReply): boolean =>
    r.outcome === 'FAILED' || Number(r.value['usageCount']) > 0;
  const unmarkedSome = (r: TappedReply): boolean =>
    r.outcome === 'FAILED' || Number(r.value['unmarkedUsageCount']) > 0;

  /** Sends the command as the orchestrator does and waits for its reply (`accept`ed). */
  async function reconcile(
    saga: string,
    encounter: string,
    period: { admittedAt: Date; dischargedAt: Date } = { admittedAt, dischargedAt },
    accept: (reply: TappedReply) => boolean = reconciledSome,
  ): Promise<TappedReply> {
    const { messageId } = await orchestrator.publisher.publish(
      Topics.SupplyConsumptionCommandsV1,
      ReconcileEncounterSupplies,
      {
        sagaId: saga,
        sagaType: 'discharge-to-revenue',
        stepName: STEP,
        encounterId: encounter,
        ...period,
      },
      { key: encounter, correlationId: saga },
    );
    const [reply] = await replies.waitFor(
      (r) => r.commandMessageId === messageId && accept(r),
      1,
      60_000,
    );
    assert.ok(reply, service.process.output());
    assert.equal(reply.source, 'supply-consumption');
    assert.equal(reply.sagaId, saga);
    assert.equal(reply.stepName, STEP);
    return reply;
  }

  /** Sends the compensation as the orchestrator does (same step name) and waits for its reply. */
  async function unreconcile(
    saga: string,
    encounter: string,
    compensatedCommandMessageId: string,
    accept: (reply: TappedReply) => boolean = unmarkedSome,
  ): Promise<TappedReply> {
    const { messageId } = await orchestrator.publisher.publish(
      Topics.SupplyConsumptionCommandsV1,
      UnreconcileEncounterSupplies,
      {
        sagaId: saga,
        sagaType: 'discharge-to-revenue',
        stepName: STEP,
        compensatedCommandMessageId,
        encounterId: encounter,
        reason: 'DISCHARGE_CANCELLED',
      },
      { key: encounter, correlationId: saga },
    );
    const [reply] = await replies.waitFor(
      (r) => r.commandMessageId === messageId && accept(r),
      1,
      60_000,
    );
    assert.ok(reply, service.process.output());
    assert.equal(reply.recordName, 'health.meridian.supply.UnreconcileEncounterSuppliesReply');
    assert.equal(reply.source, 'supply-consumption');
    assert.equal(reply.key, saga);
    assert.equal(reply.sagaId, saga);
    assert.equal(reply.stepName, STEP);
    return reply;
  }

  /** [status, reconciledSagaId] of each usage of an encounter, by usage id. */
  async function marks(encounter: string): Promise<Record<string, [string, string | null]>> {
    const listed = await bodyOf<UsageListDto>(
      await service.fetch(`/usage?encounterId=${encounter}`),
      200,
    );
    return Object.fromEntries(listed.items.map((u) => [u.usageId, [u.status, u.reconciledSagaId]]));
  }

  const linesOf = (reply: TappedReply): Line[] => reply.value['chargeableSupplies'] as Line[];

  before(async () => {
    service = await startSupplyService(); // creates the topics on a fresh broker
    const infra = getInfra();
    replies = await tapReplies({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
    });
    orchestrator = await startTestSender({
      name: 'supply-consumption-test',
      produces: allRecords(Topics.SupplyConsumptionCommandsV1),
    });
  });

  after(async () => {
    await service?.stop();
    await orchestrator?.stop();
    await replies?.stop();
  });

  test('answers with exactly the chargeable, non-voided usages of the encounter and their charge codes', async () => {
    const at = (offset: number) => new Date(admittedAt.getTime() + offset).toISOString();
    await record('centralLine', { itemId: 'ITM-1002', usedAt: at(HOUR) });
    // Documented in the ED 12 h before the admit order: inside the 24 h grace.
    await record('enoxaparin', { gtin: '00884521567897', quantity: 2, usedAt: at(-12 * HOUR) });
    await record('gloves', { itemId: 'ITM-2001', usedAt: at(2 * HOUR) });
    const ivKit = await record('ivKit', { itemId: 'ITM-1003', usedAt: at(3 * HOUR) });
    await bodyOf<UsageDto>(await service.send('POST', `/usage/${ivKit.usageId}/void`), 200);
    await record('earlierVisit', { itemId: 'ITM-1001', usedAt: at(-30 * HOUR) });
    const other = `MGH:${uniqueName('v')}`;
    await bodyOf<UsageDto>(
      await service.send('POST', '/usage', {
        encounterId: other,
        itemId: 'ITM-1004',
        quantity: 1,
        unitId: '5E',
      }),
      201,
    );

    const reply = await reconcile(sagaId, encounterId);
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.equal(reply.failure, null);
    assert.equal(reply.key, sagaId);
    assert.deepEqual(linesOf(reply), [
      {
        usageId: ids['enoxaparin'],
        itemId: 'ITM-1005',
        chargeCode: '2500005',
        hcpcsCode: 'J1650',
        quantity: 2,
        unitOfMeasure: 'EA',
        usedAt: admittedAt.getTime() - 12 * HOUR,
      },
      {
        usageId: ids['centralLine'],
        itemId: 'ITM-1002',
        chargeCode: '2720002',
        hcpcsCode: null,
        quantity: 1,
        unitOfMeasure: 'EA',
        usedAt: admittedAt.getTime() + HOUR,
      },
    ]);
    assert.equal(reply.value['usageCount'], 3, 'central line, enoxaparin and gloves');
  });

  test('answers a resend for the same saga with the same lines, not with usages recorded since', async () => {
    const first = replies.replies((r) => r.sagaId === sagaId && reconciledSome(r))[0];
    assert.ok(first);
    await record('late', { itemId: 'ITM-1001', usedAt: dischargedAt.toISOString() });
    const resend = await reconcile(sagaId, encounterId);
    assert.notEqual(resend.commandMessageId, first.commandMessageId);
    assert.equal(resend.outcome, 'SUCCEEDED');
    assert.deepEqual(linesOf(resend), linesOf(first));
    assert.equal(resend.value['usageCount'], 3);
  });

  test('marks the reconciled usages with the saga and refuses to void them with 409', async () => {
    const listed = await bodyOf<UsageListDto>(
      await service.fetch(`/usage?encounterId=${encounterId}`),
      200,
    );
    const status = Object.fromEntries(
      Object.entries(ids).map(([name, id]) => {
        const usage = listed.items.find((u) => u.usageId === id);
        return [name, [usage?.status, usage?.reconciledSagaId]];
      }),
    );
    assert.deepEqual(status, {
      centralLine: ['RECONCILED', sagaId],
      enoxaparin: ['RECONCILED', sagaId],
      gloves: ['RECONCILED', sagaId],
      ivKit: ['VOIDED', null],
      earlierVisit: ['RECORDED', null],
      late: ['RECORDED', null],
    });
    const problem = await problemOf(
      await service.send('POST', `/usage/${ids['centralLine']}/void`),
      409,
    );
    assert.match(problem.detail ?? '', new RegExp(sagaId));
  });

  test('reconciles again for a later saga of the encounter, late usages included', async () => {
    // A cancelled discharge (ADT^A13) compensates the first saga; the next discharge starts another.
    const laterSaga = randomUUID();
    const reply = await reconcile(laterSaga, encounterId);
    assert.deepEqual(
      linesOf(reply).map((l) => l.usageId),
      [ids['enoxaparin'], ids['centralLine'], ids['late']],
    );
    assert.equal(reply.value['usageCount'], 4);
    const listed = await bodyOf<UsageListDto>(
      await service.fetch(`/usage?encounterId=${encounterId}`),
      200,
    );
    const late = listed.items.find((u) => u.usageId === ids['late']);
    assert.deepEqual([late?.status, late?.reconciledSagaId], ['RECONCILED', laterSaga]);
  });

  test('answers SUCCEEDED with no lines for an encounter without usages', async () => {
    const reply = await reconcile(randomUUID(), `MGH:${uniqueName('v')}`, undefined, () => true);
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.deepEqual(linesOf(reply), []);
    assert.equal(reply.value['usageCount'], 0);
  });

  test('answers FAILED, not retriable, when the discharge precedes the admission', async () => {
    const reply = await reconcile(randomUUID(), encounterId, {
      admittedAt: dischargedAt,
      dischargedAt: admittedAt,
    });
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, 'INVALID_ENCOUNTER_PERIOD');
    assert.equal(reply.failure?.retriable, false);
    assert.equal(reply.value['chargeableSupplies'], null);
  });

  test('un-reconciles on compensation: the usages are un-marked, voidable again, and a later saga reconciles them again', async () => {
    const encounter = `MGH:${uniqueName('v')}`;
    const recordFor = async (hoursIn: number, body: Record<string, unknown>): Promise<string> => {
      const usedAt = new Date(admittedAt.getTime() + hoursIn * HOUR).toISOString();
      const request = { encounterId: encounter, unitId: '5E', usedAt, ...body };
      return (await bodyOf<UsageDto>(await service.send('POST', '/usage', request), 201)).usageId;
    };
    const centralLine = await recordFor(1, { itemId: 'ITM-1002', quantity: 1 });
    const gloves = await recordFor(2, { itemId: 'ITM-2001', quantity: 1 });
    const dressing = await recordFor(3, { itemId: 'ITM-1004', quantity: 2 });
    const firstSaga = randomUUID();
    const reconciled = await reconcile(firstSaga, encounter);
    assert.deepEqual(
      linesOf(reconciled).map((l) => l.usageId),
      [centralLine, dressing],
    );
    assert.equal(reconciled.value['usageCount'], 3);

    const undone = await unreconcile(firstSaga, encounter, reconciled.commandMessageId);
    assert.equal(undone.outcome, 'SUCCEEDED');
    assert.equal(undone.failure, null);
    assert.equal(undone.value['unmarkedUsageCount'], 3);
    assert.deepEqual(await marks(encounter), {
      [centralLine]: ['RECORDED', null],
      [gloves]: ['RECORDED', null],
      [dressing]: ['RECORDED', null],
    });

    // A resent compensation (after a reply timeout) gets the kept answer: nothing is worked again.
    const resent = await unreconcile(firstSaga, encounter, reconciled.commandMessageId);
    assert.notEqual(resent.commandMessageId, undone.commandMessageId);
    assert.equal(resent.outcome, 'SUCCEEDED');
    assert.equal(resent.value['unmarkedUsageCount'], 3);

    // Un-marked, a usage recorded in error can be voided again before the next discharge.
    const voided = await bodyOf<UsageDto>(
      await service.send('POST', `/usage/${dressing}/void`),
      200,
    );
    assert.equal(voided.status, 'VOIDED');

    const laterSaga = randomUUID();
    const again = await reconcile(laterSaga, encounter);
    assert.equal(again.outcome, 'SUCCEEDED');
    assert.deepEqual(
      linesOf(again).map((l) => l.usageId),
      [centralLine],
    );
    assert.equal(again.value['usageCount'], 2);
    assert.deepEqual(await marks(encounter), {
      [centralLine]: ['RECONCILED', laterSaga],
      [gloves]: ['RECONCILED', laterSaga],
      [dressing]: ['VOIDED', null],
    });

    // A late compensation of the first saga is answered as before and leaves the later saga's
    // marks alone.
    const late = await unreconcile(firstSaga, encounter, reconciled.commandMessageId);
    assert.equal(late.outcome, 'SUCCEEDED');
    assert.equal(late.value['unmarkedUsageCount'], 3);
    assert.deepEqual((await marks(encounter))[centralLine], ['RECONCILED', laterSaga]);
  });

  test('answers a compensation of a saga that reconciled nothing with SUCCEEDED and 0 un-marked', async () => {
    const reply = await unreconcile(
      randomUUID(),
      `MGH:${uniqueName('v')}`,
      randomUUID(),
      () => true,
    );
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.equal(reply.value['unmarkedUsageCount'], 0);
  });

  test('answers FAILED, not retriable, to a compensation naming another encounter than the saga reconciled', async () => {
    const reply = await unreconcile(sagaId, `MGH:${uniqueName('v')}`, randomUUID());
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, 'SAGA_ENCOUNTER_MISMATCH');
    assert.equal(reply.failure?.retriable, false);
    assert.equal(reply.value['unmarkedUsageCount'], null);
  });
});
