import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  ChargesFinalized,
  ChargesReversed,
  CompleteCoding,
  FinalizeCharges,
  PostImplantCharge,
  ReverseCharges,
  ReverseImplantCharge,
  Topics,
} from '@meridian/contracts';
import { RECORD_HEADER } from '@meridian/messaging';
import { decimalOf, until } from '@meridian/testing';
import type { TopicTap } from '@meridian/testing';
import type { CodingQueueListDto } from '../coding/dto/coding-queue-item.dto.js';
import {
  completeCoding,
  EXPECTED_LINES,
  EXPECTED_TOTAL,
  finalizeCharges,
  newCase,
  reverseCharges,
} from '../testing/discharge-commands.js';
import type { DischargeCase } from '../testing/discharge-commands.js';
import { startRevenueStack } from '../testing/revenue-stack.js';
import type { RevenueStack } from '../testing/revenue-stack.js';
import type { EncounterChargesDto } from './dto/charge.dto.js';

describe('revenue-cycle charges over Kafka', () => {
  let stack: RevenueStack;
  let events: TopicTap;

  before(async () => {
    stack = await startRevenueStack('revenue_charges');
    events = await stack.tapEvents(Topics.RevenueChargeV1);
  });
  after(async () => {
    await stack?.stop();
  });

  const chargesOf = async (c: DischargeCase): Promise<EncounterChargesDto> => {
    const answer = await stack.http<EncounterChargesDto>(
      'GET',
      `/charges?encounterId=${encodeURIComponent(c.encounterId)}`,
    );
    assert.equal(answer.status, 200);
    return answer.body;
  };
  const finalize = async (c: DischargeCase) => {
    const reply = await stack.replyTo(
      await stack.send(FinalizeCharges, finalizeCharges(c), c.encounterId),
    );
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    return reply;
  };

  test('finalizes room and board days x rate, procedures and supplies, and replies their total', async () => {
    const c = newCase();
    const reply = await finalize(c);
    assert.equal(decimalOf(reply.value['totalAmount']), EXPECTED_TOTAL);
    assert.equal(reply.value['currency'], 'USD');
    const charges = await chargesOf(c);
    assert.deepEqual(
      charges.charges.map((l) => [
        l.cdmCode,
        l.revenueCode,
        l.cptHcpcsCode,
        l.units,
        l.unitPrice,
        l.amount,
        l.status,
      ]),
      [
        ['0110001', '0120', null, 3, '2450.00', '7350.00', 'ACTIVE'],
        ['3240001', '0324', '71046', 1, '310.00', '310.00', 'ACTIVE'],
        ['3010001', '0301', '80053', 1, '145.00', '145.00', 'ACTIVE'],
        ['2700003', '0270', null, 3, '32.00', '96.00', 'ACTIVE'],
        ['2500005', '0250', 'J1650', 2, '58.00', '116.00', 'ACTIVE'],
      ],
    );
    assert.deepEqual(
      reply.value['chargeIds'],
      charges.charges.map((l) => l.chargeId),
    );
    assert.equal(charges.summary.activeTotal, EXPECTED_TOTAL);
    const [event] = await events.waitFor((e) => e.key === c.encounterId);
    assert.equal(event?.headers[RECORD_HEADER], ChargesFinalized.fullName);
    assert.equal(decimalOf(event?.value['totalAmount']), EXPECTED_TOTAL);
    assert.equal((event?.value['lines'] as unknown[]).length, EXPECTED_LINES);
  });

  test('answers a resent FinalizeCharges of the same saga with the same charges and stores no new ones', async () => {
    const c = newCase();
    const first = await finalize(c);
    const resent = await finalize(c);
    assert.notEqual(resent.commandMessageId, first.commandMessageId);
    assert.deepEqual(resent.value['chargeIds'], first.value['chargeIds']);
    assert.equal(decimalOf(resent.value['totalAmount']), EXPECTED_TOTAL);
    assert.equal((await chargesOf(c)).charges.length, EXPECTED_LINES);
  });

  test('fails an unknown CPT code with CHARGE_CODE_NOT_FOUND naming it, and stores no charges', async () => {
    const c = newCase();
    const draft = finalizeCharges(c);
    const procedures = [
      ...draft.procedures,
      {
        procedureId: 'PR-9',
        code: '99999',
        codeSystem: 'CPT' as const,
        performedAt: new Date('2026-03-03T12:00:00Z'),
        surgeonNpi: null,
      },
    ];
    const reply = await stack.replyTo(
      await stack.send(FinalizeCharges, { ...draft, procedures }, c.encounterId),
    );
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, 'CHARGE_CODE_NOT_FOUND');
    assert.equal(reply.failure?.retriable, false);
    assert.deepEqual(reply.failure?.details, {
      facilityId: 'MGH',
      procedureCodes: '99999',
      kind: 'PROCEDURE',
    });
    assert.equal(
      reply.failure?.message,
      'no active procedure row in the chargemaster for CPT/HCPCS 99999 at facility MGH',
    );
    assert.equal(reply.value['chargeIds'], null);
    assert.deepEqual((await chargesOf(c)).charges, []);
  });

  test('reverses the saga charges (kept as REVERSED), cancels the open coding item, and answers a resend the same', async () => {
    const c = newCase();
    const finalized = await finalize(c);
    await stack.send(
      CompleteCoding,
      completeCoding(c, [
        { icd10CmCode: 'R07.9', priority: 1, principal: false, diagnosisType: 'WORKING' },
      ]),
      c.encounterId,
    );
    const queue = `/coding-queue?encounterId=${encodeURIComponent(c.encounterId)}`;
    await until('the encounter waits for a coder', async () => {
      const answer = await stack.http<CodingQueueListDto>('GET', queue);
      return answer.body.items.some((item) => item.status === 'OPEN');
    });

    const chargeIds = finalized.value['chargeIds'] as string[];
    const reply = await stack.replyTo(
      await stack.send(ReverseCharges, reverseCharges(c, chargeIds), c.encounterId),
    );
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    assert.deepEqual(reply.value['reversedChargeIds'], chargeIds);
    assert.equal(decimalOf(reply.value['reversedAmount']), EXPECTED_TOTAL);

    const charges = await chargesOf(c);
    assert.equal(charges.charges.length, EXPECTED_LINES);
    assert.ok(charges.charges.every((l) => l.status === 'REVERSED' && l.reversedAt !== null));
    assert.equal(charges.summary.activeTotal, '0.00');
    assert.equal(charges.summary.reversedTotal, EXPECTED_TOTAL);
    const items = (await stack.http<CodingQueueListDto>('GET', queue)).body.items;
    assert.deepEqual(
      items.map((item) => item.status),
      ['CANCELLED'],
    );

    const again = await stack.replyTo(
      await stack.send(ReverseCharges, reverseCharges(c, chargeIds), c.encounterId),
    );
    assert.equal(again.outcome, 'SUCCEEDED');
    assert.deepEqual(again.value['reversedChargeIds'], chargeIds);
    assert.equal(decimalOf(again.value['reversedAmount']), EXPECTED_TOTAL);
    await events.waitFor((e) => e.key === c.encounterId, 2);
    const published = events.messages((e) => e.key === c.encounterId);
    assert.deepEqual(
      published.map((e) => e.headers[RECORD_HEADER]),
      [ChargesFinalized.fullName, ChargesReversed.fullName],
    );
  });

  test('never charges a saga whose charges were reversed before its FinalizeCharges arrived', async () => {
    const c = newCase();
    const reversed = await stack.replyTo(
      await stack.send(ReverseCharges, reverseCharges(c, []), c.encounterId),
    );
    assert.equal(reversed.outcome, 'SUCCEEDED');
    assert.deepEqual(reversed.value['reversedChargeIds'], []);
    const late = await finalize(c);
    assert.deepEqual(late.value['chargeIds'], []);
    assert.equal(decimalOf(late.value['totalAmount']), '0.00');
    assert.deepEqual((await chargesOf(c)).charges, []);
  });

  /** implant-to-invoice step 3 for an implant used in `c`'s encounter (its own saga). */
  const implantCharge = (c: DischargeCase, sagaId = c.sagaId) => {
    const usageId = randomUUID();
    return {
      sagaId,
      sagaType: 'implant-to-invoice',
      stepName: 'PostImplantCharge',
      usageId,
      encounterId: c.encounterId,
      itemId: 'ITM-9001',
      chargeCode: '2780001234',
      hcpcsCode: 'C1776',
      udi: {
        deviceIdentifier: '09506000134352',
        lotNumber: null,
        serialNumber: `SN-${usageId}`,
        expirationDate: null,
        issuingAgency: 'GS1' as const,
        manufactureDate: null,
      },
      quantity: 1,
      usedAt: new Date('2026-03-03T14:00:00Z'),
    };
  };
  const postImplant = async (post: ReturnType<typeof implantCharge>) => {
    const posted = await stack.replyTo(await stack.send(PostImplantCharge, post, post.encounterId));
    assert.equal(posted.outcome, 'SUCCEEDED', JSON.stringify(posted.failure));
    return posted;
  };
  const notImplanted = (post: ReturnType<typeof implantCharge>, key?: string) =>
    stack.reportReversal(
      {
        usageId: post.usageId,
        encounterId: post.encounterId,
        udi: post.udi,
        reason: 'NOT_IMPLANTED',
        reversedAt: new Date(),
        sagaId: null,
      },
      key,
    );

  test('bills the encounter’s active implant charges with its discharge, and leaves them to their own saga on ReverseCharges', async () => {
    const c = newCase();
    const implant = await postImplant(implantCharge(c, randomUUID()));
    const reversedImplant = implantCharge(c, randomUUID());
    await postImplant(reversedImplant);
    await notImplanted(reversedImplant);
    await until('the wasted implant’s charge reversed', async () =>
      (await chargesOf(c)).charges.some((l) => l.status === 'REVERSED'),
    );
    const reply = await finalize(c);
    const ids = reply.value['chargeIds'] as string[];
    assert.equal(ids.length, EXPECTED_LINES + 1);
    assert.equal(ids.at(-1), implant.value['chargeId']);
    assert.equal(decimalOf(reply.value['totalAmount']), '14217.00'); // 8017.00 + 6200.00
    const resent = await finalize(c);
    assert.deepEqual(resent.value['chargeIds'], ids);
    await stack.replyTo(await stack.send(ReverseCharges, reverseCharges(c, ids), c.encounterId));
    const implants = (await chargesOf(c)).charges.filter((l) => l.origin === 'IMPLANT');
    assert.deepEqual(
      implants.map((l) => [l.chargeId === implant.value['chargeId'], l.status]),
      [
        [true, 'ACTIVE'],
        [false, 'REVERSED'],
      ],
    );
  });

  test('an implant reported NOT_IMPLANTED before its charge is posted is charged and reversed at once', async () => {
    const c = newCase();
    const early = implantCharge(c);
    // A report with the same key read after it shows the early one was read: an earlier usage's.
    const witness = implantCharge(newCase(), randomUUID());
    const witnessCharge = await postImplant(witness);
    await notImplanted(early, c.encounterId);
    await notImplanted(witness, c.encounterId);
    await until('the witness charge reversed', async () =>
      (await chargesOf({ ...c, encounterId: witness.encounterId })).charges.some(
        (l) => l.chargeId === witnessCharge.value['chargeId'] && l.status === 'REVERSED',
      ),
    );
    const posted = await postImplant(early);
    const charges = await chargesOf(c);
    assert.deepEqual(
      charges.charges.map((l) => [l.chargeId, l.status]),
      [[posted.value['chargeId'], 'REVERSED']],
    );
    assert.match(charges.charges[0]?.reversalReason ?? '', /NOT_IMPLANTED/);
  });

  test('posts an implant charge from the chargemaster, once per saga, and reverses it once', async () => {
    const c = newCase();
    const post = implantCharge(c);
    const posted = await stack.replyTo(await stack.send(PostImplantCharge, post, c.encounterId));
    assert.equal(posted.outcome, 'SUCCEEDED', JSON.stringify(posted.failure));
    assert.equal(posted.value['revenueCode'], '0278');
    assert.equal(decimalOf(posted.value['amount']), '6200.00');
    const resent = await stack.replyTo(await stack.send(PostImplantCharge, post, c.encounterId));
    assert.equal(resent.value['chargeId'], posted.value['chargeId']);

    const reverse = {
      sagaId: c.sagaId,
      sagaType: 'implant-to-invoice',
      stepName: 'PostImplantCharge',
      compensatedCommandMessageId: posted.commandMessageId,
      chargeId: posted.value['chargeId'] as string,
      usageId: post.usageId,
      encounterId: c.encounterId,
      reason: 'implant usage reversed',
    };
    const reversed = await stack.replyTo(
      await stack.send(ReverseImplantCharge, reverse, c.encounterId),
    );
    assert.equal(reversed.outcome, 'SUCCEEDED');
    assert.equal(decimalOf(reversed.value['reversedAmount']), '6200.00');
    const again = await stack.replyTo(
      await stack.send(ReverseImplantCharge, reverse, c.encounterId),
    );
    assert.equal(again.value['reversedAt'], reversed.value['reversedAt']);

    const charges = await chargesOf(c);
    assert.deepEqual(
      charges.charges.map((l) => [l.origin, l.cdmCode, l.cptHcpcsCode, l.status]),
      [['IMPLANT', '2780001234', 'C1776', 'REVERSED']],
    );
  });
});
