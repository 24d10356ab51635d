import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  ConfirmImplantUsage,
  RequestReplenishment,
  ReverseImplantUsage,
  Topics,
} from '@meridian/contracts';
import type { Udi } from '@meridian/contracts';
import { RECORD_HEADER } from '@meridian/messaging';
import type { Messaging } from '@meridian/messaging';
import { tapReplies } from '@meridian/saga/testing';
import type { ReplyTap, TappedReply } from '@meridian/saga/testing';
import { getInfra, roleToken, tapTopic, uniqueName, until } from '@meridian/testing';
import type { ServiceUnderTest, TappedMessage, TopicTap } from '@meridian/testing';
import { gs1Udi, gtinCheckDigit, hibccUdi, isbt128Udi } from '@meridian/udi';
import pg from 'pg';
import type {
  ReplenishmentListDto,
  ReplenishmentRequestDto,
} from '../replenishment/dto/replenishment.dto.js';
import type { StockDto, StockListDto } from '../stock/dto/consignment-stock.dto.js';
import { allRecords } from '@meridian/service-kit';
import { bodyOf, problemFields, problemOf, startTestSender } from '@meridian/service-kit/testing';
import { startSupplyService } from '../testing/supply-service.js';
import type { ImplantUsageDto } from './dto/implant.dto.js';

/** A GTIN-14 of this file's own (company prefix 0055555), with its check digit. */
const gtin = (n: number): string => {
  const body = `0055555${String(n).padStart(6, '0')}`;
  return `${body}${gtinCheckDigit(body)}`;
};
const NPI = '1245319599';
const SUPPLIER = 'SUP-ARTHREX';
/** HIBC LIC: labeler H555, product ANCHOR5, unit of measure 0. */
const HIBCC = { labeler: 'H555', product: 'ANCHOR5' };
const HIBCC_DI = 'H555ANCHOR50';
/** ISBT 128 PPIC of a tissue processor W5555 (facility product code TIS001, description T0944). */
const ICCBBA_PPIC = 'W5555TIS001T0944';
const RECALLED_GTIN = gtin(1);
const REPLENISHED_GTIN = gtin(2);

const implantItem = (itemId: string, fields: Record<string, unknown>): Record<string, unknown> => ({
  itemId,
  description: `IMPLANT ${itemId}`,
  unitOfMeasure: 'EA',
  chargeCode: '2780005501',
  hcpcsCode: 'C1713',
  unitCost: '410.00',
  implant: true,
  supplierId: SUPPLIER,
  consignment: true,
  ...fields,
});

describe('implant-to-invoice commands through Kafka, the service as its own process', () => {
  let service: ServiceUnderTest;
  let orchestrator: Messaging;
  let replies: ReplyTap;
  let usageEvents: TopicTap;
  let replenishmentEvents: TopicTap;
  const encounterId = `MGH:${uniqueName('v')}`;
  const usedAt = new Date(Date.now() - 60 * 60_000);
  const serial = (): string =>
    uniqueName('SN')
      .slice(-18)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '0');

  /**
   * Captures an implant through the capture API (POST /implants), as a scan at `unitId`: 201, or
   * 202 for a device the item master does not know yet.
   */
  async function capture(barcode: string, unitId = 'OR', status = 201): Promise<ImplantUsageDto> {
    return bodyOf<ImplantUsageDto>(
      await service.send('POST', '/implants', {
        encounterId,
        barcode,
        implantingSurgeonNpi: NPI,
        unitId,
        usedAt: usedAt.toISOString(),
      }),
      status,
    );
  }

  async function usage(usageId: string): Promise<ImplantUsageDto> {
    return bodyOf<ImplantUsageDto>(await service.fetch(`/implants/${usageId}`), 200);
  }

  async function stock(locationId: string, itemId: string): Promise<StockDto | undefined> {
    const listed = await bodyOf<StockListDto>(
      await service.fetch(
        `/consignment-stock?supplierId=${SUPPLIER}&locationId=${locationId}&itemId=${itemId}`,
      ),
      200,
    );
    return listed.stock[0];
  }

  async function count(locationId: string, itemId: string, quantityOnHand: number): Promise<void> {
    await bodyOf(
      await service.send('PUT', `/consignment-stock/${locationId}/${itemId}`, {
        supplierId: SUPPLIER,
        quantityOnHand,
        parLevel: 2,
      }),
      201,
    );
  }

  /**
   * Publishes a command as the orchestrator does and waits for its reply. Every supply-consumption
   * process on the stack reads the commands topic (each test run has its own group and database);
   * only the one that captured the usage answers (`accept` also skips replies of processes built
   * before that rule, which answered USAGE_NOT_FOUND or, to a compensation, nothing undone).
   */
  async function send<
    K extends typeof ConfirmImplantUsage | typeof ReverseImplantUsage | typeof RequestReplenishment,
  >(
    contract: K,
    draft: Record<string, unknown> & { sagaId: string; stepName: string },
    accept: (reply: TappedReply) => boolean = (r) => r.failure?.code !== 'USAGE_NOT_FOUND',
  ): Promise<TappedReply> {
    const { messageId } = await orchestrator.publisher.publish(
      Topics.SupplyConsumptionCommandsV1,
      contract,
      { sagaType: 'implant-to-invoice', ...draft } as never,
      { key: draft.sagaId, correlationId: draft.sagaId },
    );
    const [reply] = await replies.waitFor(
      (r) => r.commandMessageId === messageId && accept(r),
      1,
      60_000,
    );
    assert.ok(reply, service.process.output());
    assert.equal(reply.source, 'supply-consumption');
    assert.equal(reply.sagaId, draft.sagaId);
    assert.equal(reply.stepName, draft.stepName);
    return reply;
  }

  const udiOf = (u: ImplantUsageDto): Udi => u.udi as unknown as Udi;

  const confirm = (sagaId: string, u: ImplantUsageDto): Promise<TappedReply> =>
    send(ConfirmImplantUsage, {
      sagaId,
      stepName: 'ConfirmImplantUsage',
      usageId: u.usageId,
      encounterId: u.encounterId,
      udi: udiOf(u),
      usedAt,
      quantity: u.quantity,
      consignment: u.consignment,
    });

  /** The compensation; `undone`: this run's reply is the one that reversed something. */
  const reverse = (sagaId: string, u: ImplantUsageDto, undone = true): Promise<TappedReply> =>
    send(
      ReverseImplantUsage,
      {
        sagaId,
        stepName: 'ConfirmImplantUsage',
        compensatedCommandMessageId: randomUUID(),
        usageId: u.usageId,
        encounterId: u.encounterId,
        reason: 'implant usage reversed or saga cancelled',
      },
      undone ? (r) => r.value['reversedAt'] !== null : undefined,
    );

  const replenish = (sagaId: string, u: ImplantUsageDto, itemId: string): Promise<TappedReply> =>
    send(RequestReplenishment, {
      sagaId,
      stepName: 'RequestReplenishment',
      usageId: u.usageId,
      itemId,
      deviceIdentifier: u.udi.deviceIdentifier,
      supplierId: SUPPLIER,
      quantity: u.quantity,
      unitOfMeasure: 'EA',
      stockLocationId: u.unitId,
      poNumber: 'PO-2026-005501',
    });

  const reversedEvents = (usageId: string): TappedMessage[] =>
    usageEvents.messages(
      (e) =>
        e.value['usageId'] === usageId &&
        e.headers[RECORD_HEADER] === 'health.meridian.supply.ImplantUsageReversed',
    );

  before(async () => {
    service = await startSupplyService();
    const infra = getInfra();
    const tap = { brokers: infra.kafkaBrokers, schemaRegistryUrl: infra.schemaRegistryUrl };
    replies = await tapReplies(tap);
    usageEvents = await tapTopic({ ...tap, topic: Topics.SupplyUsageV1.name });
    replenishmentEvents = await tapTopic({ ...tap, topic: Topics.SupplyReplenishmentV1.name });
    orchestrator = await startTestSender({
      name: 'implant-to-invoice-test',
      produces: allRecords(Topics.SupplyConsumptionCommandsV1),
    });
    await bodyOf(
      await service.send('POST', '/items/import', [
        implantItem('ITM-5501', {
          deviceIdentifiers: [{ issuingAgency: 'HIBCC', deviceIdentifier: HIBCC_DI }],
          supplierItemNumber: 'AR-1324BC',
        }),
        implantItem('ITM-5502', { gtins: [RECALLED_GTIN] }),
        implantItem('ITM-5503', { gtins: [REPLENISHED_GTIN] }),
      ]),
      200,
    );
  });

  after(async () => {
    await orchestrator?.stop();
    await replies?.stop();
    await usageEvents?.stop();
    await replenishmentEvents?.stop();
    await service?.stop();
  });

  test('confirms a HIBCC implant: the item, supplier and codes answered, consignment stock taken once even when the command is sent again', async () => {
    await count('OR', 'ITM-5501', 3);
    const used = await capture(hibccUdi({ ...HIBCC, serial: serial(), expiry: '2030-06-30' }));
    const sagaId = randomUUID();
    const reply = await confirm(sagaId, used);
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    const { itemId, supplierId, supplierItemNumber, chargeCode, hcpcsCode, consignment } =
      reply.value;
    assert.deepEqual(
      { itemId, supplierId, supplierItemNumber, chargeCode, hcpcsCode, consignment },
      {
        itemId: 'ITM-5501',
        supplierId: SUPPLIER,
        supplierItemNumber: 'AR-1324BC',
        chargeCode: '2780005501',
        hcpcsCode: 'C1713',
        consignment: true,
      },
    );
    assert.equal((await stock('OR', 'ITM-5501'))?.quantityOnHand, 2);
    const confirmed = await usage(used.usageId);
    assert.deepEqual(
      [confirmed.status, confirmed.itemId, confirmed.stockDecremented],
      ['CONFIRMED', 'ITM-5501', true],
    );
    // this saga's, or that of an orchestrator on the stack that started one from the ImplantUsed
    assert.match(confirmed.sagaId ?? '', /^[0-9a-f-]{36}$/);

    const again = await confirm(sagaId, used);
    assert.equal(again.outcome, 'SUCCEEDED');
    assert.equal(again.value['itemId'], 'ITM-5501');
    assert.equal((await stock('OR', 'ITM-5501'))?.quantityOnHand, 2);

    // The compensation puts the device back once and says why on supply.usage.v1.
    const reversed = await reverse(sagaId, used);
    assert.equal(reversed.outcome, 'SUCCEEDED', JSON.stringify(reversed.failure));
    assert.equal(typeof reversed.value['reversedAt'], 'number');
    assert.equal((await stock('OR', 'ITM-5501'))?.quantityOnHand, 3);
    const undone = await usage(used.usageId);
    assert.deepEqual(
      [undone.status, undone.stockDecremented, undone.reversalReason],
      ['REVERSED', false, 'SAGA_COMPENSATION'],
    );
    assert.ok(undone.reversedAt, 'the compensation records when');
    const [event] = await usageEvents.waitFor(
      (e) =>
        e.value['usageId'] === used.usageId &&
        e.headers[RECORD_HEADER] === 'health.meridian.supply.ImplantUsageReversed',
    );
    assert.equal(event?.key, used.udi.serialNumber);
    assert.deepEqual(
      [event?.value['reason'], event?.value['sagaId']],
      ['SAGA_COMPENSATION', sagaId],
    );

    const reversedAgain = await reverse(sagaId, used);
    assert.equal(reversedAgain.outcome, 'SUCCEEDED');
    assert.equal(reversedAgain.value['reversedAt'], reversed.value['reversedAt']);
    assert.equal((await stock('OR', 'ITM-5501'))?.quantityOnHand, 3);
    assert.equal(reversedEvents(used.usageId).length, 1);
  });

  test('answers ITEM_NOT_FOUND naming the agency and device identifier, then SUCCEEDED once supply chain added the item', async () => {
    const used = await capture(
      isbt128Udi({ productCode: ICCBBA_PPIC, lot: 'TL5501', expiry: '2030-01-31' }),
      'OR',
      202,
    );
    assert.equal(used.itemId, null);
    const sagaId = randomUUID();
    const unknown = await confirm(sagaId, used);
    assert.equal(unknown.outcome, 'FAILED');
    assert.equal(unknown.failure?.code, 'ITEM_NOT_FOUND');
    assert.equal(unknown.failure?.retriable, false);
    assert.deepEqual(unknown.failure?.details, {
      deviceIdentifier: ICCBBA_PPIC,
      issuingAgency: 'ICCBBA',
    });
    assert.equal((await usage(used.usageId)).status, 'CAPTURED');

    // Owned (not consignment) tissue: no stock is taken.
    await bodyOf(
      await service.send(
        'PUT',
        '/items/ITM-5504',
        implantItem('ITM-5504', {
          deviceIdentifiers: [{ issuingAgency: 'ICCBBA', deviceIdentifier: ICCBBA_PPIC }],
          supplierId: 'SUP-TISSUE',
          consignment: false,
        }),
      ),
      201,
    );
    const known = await confirm(sagaId, used);
    assert.equal(known.outcome, 'SUCCEEDED', JSON.stringify(known.failure));
    assert.deepEqual(
      [known.value['itemId'], known.value['supplierId'], known.value['consignment']],
      ['ITM-5504', 'SUP-TISSUE', false],
    );
    const confirmed = await usage(used.usageId);
    assert.deepEqual(
      [confirmed.status, confirmed.itemId, confirmed.stockDecremented],
      ['CONFIRMED', 'ITM-5504', false],
    );
  });

  test('answers LOT_RECALLED for a lot a recall covered on the day of use, and LOT_EXPIRED for a device used after its expiry day, changing neither usage nor stock', async () => {
    // An orchestrator running on the shared stack may confirm a usage from its ImplantUsed before
    // the recall or the expiry below is known: what the rejected commands change is compared
    // before and after each of them.
    await count('OR', 'ITM-5502', 4);
    const state = async (usageId: string): Promise<unknown[]> => {
      const u = await usage(usageId);
      return [u.status, u.stockDecremented, (await stock('OR', 'ITM-5502'))?.quantityOnHand];
    };
    const recalledLot = await capture(
      gs1Udi({ gtin: RECALLED_GTIN, lot: 'RL5502', expiry: '2030-01-31' }),
    );
    const recallNumber = `Z-${uniqueName('r').slice(-6)}-2026`;
    await bodyOf(
      await service.send('PUT', `/recalls/${recallNumber}`, {
        recallClass: 'II',
        issuingAgency: 'GS1',
        deviceIdentifier: RECALLED_GTIN,
        lots: ['RL5502'],
        startDate: new Date(usedAt.getTime() - 2 * 86_400_000).toISOString().slice(0, 10),
      }),
      201,
    );
    const beforeRecalled = await state(recalledLot.usageId);
    const recalled = await confirm(randomUUID(), recalledLot);
    assert.equal(recalled.outcome, 'FAILED');
    assert.equal(recalled.failure?.code, 'LOT_RECALLED');
    assert.equal(recalled.failure?.retriable, false);
    assert.deepEqual(recalled.failure?.details, {
      lotNumber: 'RL5502',
      recallNumbers: recallNumber,
    });
    assert.deepEqual(await state(recalledLot.usageId), beforeRecalled);

    // A label whose expiry was corrected after the capture (the capture refuses expired devices).
    const expiring = await capture(
      gs1Udi({ gtin: RECALLED_GTIN, lot: 'EL5502', expiry: '2030-01-31' }),
    );
    const client = new pg.Client({ connectionString: service.database.url });
    await client.connect();
    try {
      await client.query(
        "UPDATE implant_usage SET expiration_date = '2020-01-31' WHERE usage_id = $1",
        [expiring.usageId],
      );
    } finally {
      await client.end();
    }
    const beforeExpired = await state(expiring.usageId);
    const expired = await confirm(randomUUID(), expiring);
    assert.equal(expired.outcome, 'FAILED');
    assert.equal(expired.failure?.code, 'LOT_EXPIRED');
    assert.equal(expired.failure?.details?.['expirationDate'], '2020-01-31');
    assert.deepEqual(await state(expiring.usageId), beforeExpired);
  });

  test('asks the supplier to restock once (ReplenishmentRequested keyed by supplier); a count that went below zero is flagged; the receipt restocks once', async () => {
    await count('CATH', 'ITM-5503', 0);
    const used = await capture(gs1Udi({ gtin: REPLENISHED_GTIN, serial: serial() }), 'CATH');
    const sagaId = randomUUID();
    assert.equal((await confirm(sagaId, used)).outcome, 'SUCCEEDED');
    const short = await stock('CATH', 'ITM-5503');
    assert.deepEqual([short?.quantityOnHand, short?.countDiscrepancy], [-1, true]);

    const reply = await replenish(sagaId, used, 'ITM-5503');
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    const requestId = reply.value['replenishmentRequestId'] as string;
    assert.equal(typeof reply.value['requestedAt'], 'number');
    const [event] = await replenishmentEvents.waitFor((e) => e.value['usageId'] === used.usageId);
    assert.equal(event?.key, SUPPLIER);
    const { envelope, ...fact } = event?.value ?? {};
    assert.equal((envelope as { source?: string }).source, 'supply-consumption');
    assert.deepEqual(fact, {
      replenishmentRequestId: requestId,
      supplierId: SUPPLIER,
      usageId: used.usageId,
      itemId: 'ITM-5503',
      deviceIdentifier: REPLENISHED_GTIN,
      quantity: 1,
      unitOfMeasure: 'EA',
      stockLocationId: 'CATH',
      poNumber: 'PO-2026-005501',
      requestedAt: reply.value['requestedAt'],
      sagaId,
    });
    assert.equal((await usage(used.usageId)).status, 'REPLENISHMENT_REQUESTED');

    const again = await replenish(sagaId, used, 'ITM-5503');
    assert.equal(again.value['replenishmentRequestId'], requestId);
    const listed = await bodyOf<ReplenishmentListDto>(
      await service.fetch(`/replenishments?usageId=${used.usageId}`),
      200,
    );
    assert.deepEqual(
      listed.replenishments.map((r) => [r.replenishmentRequestId, r.status, r.locationId]),
      [[requestId, 'REQUESTED', 'CATH']],
    );
    assert.equal(
      replenishmentEvents.messages((e) => e.value['usageId'] === used.usageId).length,
      1,
    );

    // The receiver is the caller: a body naming one is refused and receives nothing.
    assert.deepEqual(
      await problemFields(
        await service.send('POST', `/replenishments/${requestId}/receive`, { receivedBy: 'jdoe' }),
      ),
      ['receivedBy'],
    );
    const tech = { authorization: `Bearer ${await roleToken('supply-tech')}` };
    const received = await bodyOf<ReplenishmentRequestDto>(
      await service.send('POST', `/replenishments/${requestId}/receive`, {}, tech),
      200,
    );
    assert.deepEqual([received.status, received.receivedBy], ['RECEIVED', 'supply-tech']);
    const restocked = await stock('CATH', 'ITM-5503');
    assert.deepEqual([restocked?.quantityOnHand, restocked?.countDiscrepancy], [0, false]);
    await problemOf(await service.send('POST', `/replenishments/${requestId}/receive`, {}), 409);
    assert.equal((await stock('CATH', 'ITM-5503'))?.quantityOnHand, 0);
    const requested = await bodyOf<ReplenishmentListDto>(
      await service.fetch(`/replenishments?supplierId=${SUPPLIER}&status=REQUESTED`),
      200,
    );
    assert.equal(
      requested.replenishments.some((r) => r.replenishmentRequestId === requestId),
      false,
    );
  });

  test('a compensation after a user reversed a usage scanned in error keeps that reason and time, puts the stock back and publishes nothing more', async () => {
    const used = await capture(hibccUdi({ ...HIBCC, serial: serial() }));
    const sagaId = randomUUID();
    assert.equal((await confirm(sagaId, used)).outcome, 'SUCCEEDED');
    const before = (await stock('OR', 'ITM-5501'))?.quantityOnHand ?? 0;
    const asked = await bodyOf<ImplantUsageDto>(
      await service.send('POST', `/implants/${used.usageId}/reverse`, {
        reason: 'SCANNED_IN_ERROR',
      }),
      202,
    );
    await usageEvents.waitFor(
      (e) => e.value['usageId'] === used.usageId && e.value['reason'] === 'SCANNED_IN_ERROR',
    );

    const reply = await reverse(sagaId, used);
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    assert.equal(reply.value['reversedAt'], Date.parse(asked.reversedAt ?? ''));
    assert.equal((await stock('OR', 'ITM-5501'))?.quantityOnHand, before + 1);
    const reversed = await usage(used.usageId);
    assert.deepEqual(
      [reversed.status, reversed.reversalReason, reversed.stockDecremented],
      ['REVERSED', 'SCANNED_IN_ERROR', false],
    );
    assert.deepEqual(
      reversedEvents(used.usageId).map((e) => e.value['reason']),
      ['SCANNED_IN_ERROR'],
    );
  });

  test('leaves a command of a usage it never captured to the process that did: logged, not answered', async () => {
    const usageId = randomUUID();
    const sagaId = randomUUID();
    const { messageId } = await orchestrator.publisher.publish(
      Topics.SupplyConsumptionCommandsV1,
      ConfirmImplantUsage,
      {
        sagaId,
        sagaType: 'implant-to-invoice',
        stepName: 'ConfirmImplantUsage',
        usageId,
        encounterId,
        udi: {
          issuingAgency: 'GS1',
          deviceIdentifier: REPLENISHED_GTIN,
          lotNumber: null,
          serialNumber: serial(),
          expirationDate: null,
          manufactureDate: null,
        },
        usedAt,
        quantity: 1,
        consignment: true,
      },
      { key: sagaId, correlationId: sagaId },
    );
    const logged = (): boolean =>
      service.process
        .output()
        .split('\n')
        .some((line) => line.includes(usageId) && line.includes('never captured: not answered'));
    await until('the command logged as not this process’s', async () => logged(), 60_000);
    assert.deepEqual(
      replies.replies((r) => r.commandMessageId === messageId),
      [],
    );
  });

  test('answers a compensation of a usage the saga never confirmed with SUCCEEDED and nothing undone', async () => {
    // A device no item has: no saga (not even one of an orchestrator on the stack) confirms it.
    const used = await capture(
      hibccUdi({ labeler: 'H555', product: 'NOITEM', serial: serial() }),
      'OR',
      202,
    );
    const reply = await reverse(randomUUID(), used, false);
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.equal(reply.value['reversedAt'], null);
    assert.equal((await usage(used.usageId)).status, 'CAPTURED');
    assert.equal(reversedEvents(used.usageId).length, 0);
  });
});
