import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Topics } from '@meridian/contracts';
import { RECORD_HEADER } from '@meridian/messaging';
import {
  decimalOf,
  getInfra,
  roleToken,
  tapTopic,
  TESTS_CLIENT,
  uniqueName,
} from '@meridian/testing';
import type { ServiceUnderTest, TappedMessage, TopicTap } from '@meridian/testing';
import { GS } from '@meridian/udi';
import type { ItemListDto } from '../items/dto/item.dto.js';
import { bodyOf, problemFields, problemOf } from '@meridian/service-kit/testing';
import { startSupplyService } from '../testing/supply-service.js';
import type { UsageDto, UsageListDto } from './dto/usage.dto.js';

/** The harness token's user (the meridian-tests client's service account). */
const HARNESS_USER = `service-account-${TESTS_CLIENT}`;

describe('supply usage over HTTP, the service as its own process', () => {
  let service: ServiceUnderTest;
  /** SupplyUsed facts on supply.usage.v1 (shared: always filtered by this run's encounters). */
  let events: TopicTap;
  const encounterId = `MGH:${uniqueName('v')}`;
  const usedAt = new Date(Date.now() - 60 * 60_000).toISOString();
  const usage = (overrides: Record<string, unknown> = {}) => ({
    encounterId,
    itemId: 'ITM-1002',
    quantity: 1,
    unitId: '4W',
    usedAt,
    ...overrides,
  });
  const eventsOf = (usageId: string) => (e: TappedMessage) => e.value['usageId'] === usageId;

  before(async () => {
    service = await startSupplyService(); // creates the topics on a fresh broker
    const infra = getInfra();
    events = await tapTopic({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic: Topics.SupplyUsageV1.name,
    });
  });

  after(async () => {
    await service?.stop();
    await events?.stop();
  });

  test('serves the item master by GTIN (check digit corrected) and by item id', async () => {
    const byGtin = await bodyOf<ItemListDto>(
      await service.fetch('/items?gtin=00884521234560'),
      200,
    );
    assert.deepEqual(
      byGtin.items.map((i) => [i.itemId, i.chargeCode, i.chargeable, i.implant]),
      [['ITM-1002', '2720002', true, false]],
    );
    const gloves = await bodyOf<ItemListDto>(await service.fetch('/items?itemId=ITM-2001'), 200);
    assert.deepEqual(
      gloves.items.map((i) => [i.gtins, i.chargeable, i.chargeCode, i.unitOfMeasure]),
      [[[], false, null, 'BX']],
    );
  });

  test('answers 400 naming gtin for the reference GTIN with its wrong check digit', async () => {
    const problem = await problemOf(await service.fetch('/items?gtin=00884521234567'), 400);
    assert.deepEqual(problem.errors, [
      { field: 'gtin', message: 'has an invalid check digit (expected 0)' },
    ]);
  });

  test('records a chargeable usage with 201 and publishes one SupplyUsed keyed by the encounter', async () => {
    const recorded = await bodyOf<UsageDto>(await service.send('POST', '/usage', usage()), 201);
    assert.equal(recorded.status, 'RECORDED');
    assert.equal(recorded.chargeCode, '2720002');
    const [event] = await events.waitFor(eventsOf(recorded.usageId));
    assert.equal(event?.key, encounterId);
    assert.equal(event?.headers[RECORD_HEADER], 'health.meridian.supply.SupplyUsed');
    const { envelope, unitCost, ...fact } = event?.value ?? {};
    assert.deepEqual(
      [
        (envelope as { source?: string }).source,
        (envelope as { correlationId?: string }).correlationId,
      ],
      ['supply-consumption', encounterId],
    );
    assert.equal(decimalOf(unitCost), '96.50');
    assert.deepEqual(fact, {
      usageId: recorded.usageId,
      encounterId,
      itemId: 'ITM-1002',
      gtin: '00884521234560',
      lotNumber: null,
      quantity: 1,
      unitOfMeasure: 'EA',
      chargeable: true,
      chargeCode: '2720002',
      currency: 'USD',
      usedAt: Date.parse(usedAt),
      unitId: '4W',
      costCenter: null,
    });
  });

  test('answers a repeat of a usageId with 200 and the first usage, publishing nothing again', async () => {
    const usageId = randomUUID();
    const first = await bodyOf<UsageDto>(
      await service.send('POST', '/usage', usage({ usageId })),
      201,
    );
    const repeat = await bodyOf<UsageDto>(
      await service.send('POST', '/usage', usage({ usageId })),
      200,
    );
    assert.deepEqual(repeat, first);
    // Same key, same partition: once the next usage's event is read, a second one would be too.
    const next = await bodyOf<UsageDto>(await service.send('POST', '/usage', usage()), 201);
    await events.waitFor(eventsOf(next.usageId));
    assert.equal(events.messages(eventsOf(usageId)).length, 1);
    const listed = await bodyOf<UsageListDto>(
      await service.fetch(`/usage?encounterId=${encounterId}`),
      200,
    );
    assert.equal(listed.items.filter((u) => u.usageId === usageId).length, 1);
  });

  test('answers 409 naming usageId when it is reused for another item', async () => {
    const usageId = randomUUID();
    await bodyOf<UsageDto>(await service.send('POST', '/usage', usage({ usageId })), 201);
    const problem = await problemOf(
      await service.send('POST', '/usage', usage({ usageId, itemId: 'ITM-1003' })),
      409,
    );
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['usageId'],
    );
  });

  test('records a raw FNC1 GS1 scan with the lot and expiry it carries', async () => {
    const barcode = `]d2010088452156789710LOT-A1${GS}17271100`;
    const body = usage({ barcode, quantity: 2, itemId: undefined });
    const recorded = await bodyOf<UsageDto>(await service.send('POST', '/usage', body), 201);
    assert.deepEqual(
      [recorded.itemId, recorded.lotNumber, recorded.expirationDate, recorded.hcpcsCode],
      ['ITM-1005', 'LOT-A1', '2027-11-30', 'J1650'],
    );
    const [event] = await events.waitFor(eventsOf(recorded.usageId));
    assert.equal(event?.value['lotNumber'], 'LOT-A1');
  });

  test('answers 400 problem+json naming quantity when it is 0, 101 or not an integer', async () => {
    for (const quantity of [0, 101, 2.5]) {
      assert.deepEqual(
        await problemFields(await service.send('POST', '/usage', usage({ quantity }))),
        ['quantity'],
      );
    }
  });

  test('answers 400 naming every invalid field, and for a body that is not JSON', async () => {
    const fields = await problemFields(
      await service.send('POST', '/usage', {
        itemId: 'ITM-1002',
        gtin: '00884521234560',
        quantity: 1,
      }),
    );
    assert.deepEqual(fields, ['encounterId', 'gtin', 'unitId']);
    const response = await service.fetch('/usage', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{ "encounterId": ',
    });
    await problemOf(response, 400);
  });

  test('answers 422 for an unknown item and tells to use the implant scan for an implant', async () => {
    const unknown = await problemOf(
      await service.send('POST', '/usage', usage({ itemId: 'ITM-0404' })),
      422,
    );
    assert.deepEqual(
      unknown.errors?.map((e) => e.field),
      ['itemId'],
    );
    const hipStem = {
      description: 'TEST HIP STEM',
      unitOfMeasure: 'EA',
      chargeCode: '2780001',
      hcpcsCode: 'C1776',
      implant: true,
      supplierId: 'SUP-STRYKER',
      unitCost: '1800.00',
    };
    await bodyOf(await service.send('PUT', '/items/ITM-9001', hipStem), 201);
    const implant = await problemOf(
      await service.send('POST', '/usage', usage({ itemId: 'ITM-9001' })),
      422,
    );
    assert.match(implant.detail ?? '', /implant scan/);
    assert.deepEqual(
      implant.errors?.map((e) => e.field),
      ['itemId'],
    );
  });

  test('voids a usage recorded in error; voiding again changes nothing; an unknown one is 404', async () => {
    const recorded = await bodyOf<UsageDto>(await service.send('POST', '/usage', usage()), 201);
    const voided = await bodyOf<UsageDto>(
      await service.send('POST', `/usage/${recorded.usageId}/void`, { reason: 'wrong patient' }),
      200,
    );
    assert.equal(voided.status, 'VOIDED');
    assert.equal(voided.voidReason, 'wrong patient');
    const again = await bodyOf<UsageDto>(
      await service.send('POST', `/usage/${recorded.usageId}/void`),
      200,
    );
    assert.deepEqual(again, voided);
    await problemOf(await service.send('POST', `/usage/${randomUUID()}/void`), 404);
    assert.deepEqual(await problemFields(await service.send('POST', '/usage/42/void')), [
      'usageId',
    ]);
  });

  test('publishes one SupplyUsageVoided keyed by the encounter, after the usage it voids, and none for a repeat', async () => {
    const recorded = await bodyOf<UsageDto>(
      await service.send('POST', '/usage', usage({ itemId: 'ITM-1003', quantity: 3 })),
      201,
    );
    const voided = await bodyOf<UsageDto>(
      await service.send('POST', `/usage/${recorded.usageId}/void`, {
        reason: 'scanned for the wrong encounter',
      }),
      200,
    );
    assert.ok(voided.voidedAt);
    const [used, event] = await events.waitFor(eventsOf(recorded.usageId), 2);
    assert.deepEqual(
      [used?.headers[RECORD_HEADER], event?.headers[RECORD_HEADER]],
      ['health.meridian.supply.SupplyUsed', 'health.meridian.supply.SupplyUsageVoided'],
    );
    assert.equal(event?.key, encounterId);
    assert.equal(event?.partition, used?.partition);
    const { envelope, ...fact } = event?.value ?? {};
    assert.deepEqual(
      [
        (envelope as { source?: string }).source,
        (envelope as { correlationId?: string }).correlationId,
      ],
      ['supply-consumption', encounterId],
    );
    assert.deepEqual(fact, {
      usageId: recorded.usageId,
      encounterId,
      itemId: 'ITM-1003',
      quantity: 3,
      unitOfMeasure: 'EA',
      reason: 'scanned for the wrong encounter',
      voidedAt: Date.parse(voided.voidedAt),
      voidedBy: HARNESS_USER,
    });

    await bodyOf<UsageDto>(await service.send('POST', `/usage/${recorded.usageId}/void`), 200);
    // Same key, same partition: once the next usage's event is read, a second void would be too.
    const next = await bodyOf<UsageDto>(await service.send('POST', '/usage', usage()), 201);
    await events.waitFor(eventsOf(next.usageId));
    assert.equal(events.messages(eventsOf(recorded.usageId)).length, 2);
  });

  test('a void is recorded as made by the caller: a body naming voidedBy is a 400 that voids nothing; a supply tech voids as themselves', async () => {
    const recorded = await bodyOf<UsageDto>(
      await service.send('POST', '/usage', usage({ recordedBy: 'RN4711' })),
      201,
    );
    const tech = { authorization: `Bearer ${await roleToken('supply-tech')}` };
    const path = `/usage/${recorded.usageId}/void`;
    for (const voidedBy of ['RN4711', 'supply-tech']) {
      assert.deepEqual(await problemFields(await service.send('POST', path, { voidedBy }, tech)), [
        'voidedBy',
      ]);
    }
    const listed = await bodyOf<UsageListDto>(
      await service.fetch(`/usage?encounterId=${encounterId}`),
      200,
    );
    assert.equal(listed.items.find((u) => u.usageId === recorded.usageId)?.status, 'RECORDED');
    const voided = await bodyOf<UsageDto>(
      await service.send('POST', path, { reason: 'wrong patient' }, tech),
      200,
    );
    assert.equal(voided.status, 'VOIDED');
    // recordedBy stays the clinician the recording named, not whoever voids or calls.
    assert.equal(voided.recordedBy, 'RN4711');
    const [event] = await events.waitFor(
      (e) =>
        e.value['usageId'] === recorded.usageId &&
        e.headers[RECORD_HEADER] === 'health.meridian.supply.SupplyUsageVoided',
    );
    assert.equal(event?.value['voidedBy'], 'supply-tech');
  });

  test('lists the usages of an encounter in order of use, and needs the encounterId', async () => {
    const listed = await bodyOf<UsageListDto>(
      await service.fetch(`/usage?encounterId=${encounterId}`),
      200,
    );
    assert.ok(listed.items.length >= 5);
    assert.ok(listed.items.every((u) => u.encounterId === encounterId));
    const times = listed.items.map((u) => u.usedAt);
    assert.deepEqual(times, [...times].sort());
    assert.deepEqual(await problemFields(await service.fetch('/usage')), ['encounterId']);
  });

  test('documents every endpoint in the OpenAPI document', async () => {
    const document = await bodyOf<{ paths: Record<string, Record<string, unknown>> }>(
      await service.fetch('/docs/openapi.json'),
      200,
    );
    assert.deepEqual(
      ['/items', '/items/{itemId}', '/items/import', '/usage', '/usage/{usageId}/void'].map(
        (path) => Object.keys(document.paths[path] ?? {}).sort(),
      ),
      [['get'], ['get', 'put'], ['post'], ['get', 'post'], ['post']],
    );
  });
});
