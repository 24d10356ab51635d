import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Topics } from '@meridian/contracts';
import { RECORD_HEADER } from '@meridian/messaging';
import { getInfra, roleToken, tapTopic, uniqueName } from '@meridian/testing';
import type { ServiceUnderTest, TappedMessage, TopicTap } from '@meridian/testing';
import { gs1Udi, gtinCheckDigit, hibccUdi, isbt128Udi } from '@meridian/udi';
import pg from 'pg';
import { bodyOf, problemOf } from '@meridian/service-kit/testing';
import { startSupplyService } from '../testing/supply-service.js';
import type { ImplantUsageDto, ImplantUsageListDto } from './dto/implant.dto.js';

/** The user name (`preferred_username`) an access token carries. */
function usernameOf(token: string): unknown {
  const payload = Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8');
  return (JSON.parse(payload) as Record<string, unknown>)['preferred_username'];
}

/** A GTIN-14 of this file's own (company prefix 0066666), with its check digit. */
const gtin = (n: number): string => {
  const body = `0066666${String(n).padStart(6, '0')}`;
  return `${body}${gtinCheckDigit(body)}`;
};
const NPI = '1245319599';
const HIBCC_DI = 'H666IMPL00011';
const ICCBBA_PPIC = 'W6666TIS001T0944';

const CONSIGNED = gtin(1);
const OWNED = gtin(2);
const INACTIVE = gtin(3);
const UNKNOWN = gtin(4);

function implantItem(itemId: string, overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    itemId,
    description: `IMPLANT ${itemId}`,
    unitOfMeasure: 'EA',
    chargeCode: '2780006601',
    hcpcsCode: 'C1776',
    unitCost: '1200.00',
    implant: true,
    supplierId: 'SUP-STRYKER',
    consignment: true,
    ...overrides,
  };
}

describe('implant capture over HTTP, the service as its own process', () => {
  let service: ServiceUnderTest;
  let events: TopicTap;
  const encounterId = `MGH:${uniqueName('v')}`;
  const usedAt = new Date(Date.now() - 60 * 60_000).toISOString();
  const serial = (): string => uniqueName('SN').slice(-20);
  const scan = (barcode: string, overrides: Record<string, unknown> = {}) => ({
    encounterId,
    barcode,
    implantingSurgeonNpi: NPI,
    unitId: 'OR',
    usedAt,
    ...overrides,
  });
  const of =
    (usageId: string, record = 'ImplantUsed') =>
    (e: TappedMessage) =>
      e.value['usageId'] === usageId &&
      e.headers[RECORD_HEADER] === `health.meridian.supply.${record}`;
  const capture = async (body: unknown, status: number): Promise<ImplantUsageDto> =>
    bodyOf<ImplantUsageDto>(await service.send('POST', '/implants', body), status);

  before(async () => {
    service = await startSupplyService();
    const infra = getInfra();
    events = await tapTopic({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic: Topics.SupplyUsageV1.name,
    });
    const items = [
      implantItem('ITM-6601', { gtins: [CONSIGNED] }),
      implantItem('ITM-6602', { gtins: [OWNED], consignment: false }),
      implantItem('ITM-6603', { gtins: [INACTIVE], active: false }),
      implantItem('ITM-6604', {
        deviceIdentifiers: [{ issuingAgency: 'HIBCC', deviceIdentifier: HIBCC_DI }],
      }),
      implantItem('ITM-6605', {
        deviceIdentifiers: [{ issuingAgency: 'ICCBBA', deviceIdentifier: ICCBBA_PPIC }],
        supplierId: 'SUP-TISSUE',
      }),
    ];
    await bodyOf(await service.send('POST', '/items/import', items), 200);
  });

  after(async () => {
    await service?.stop();
    await events?.stop();
  });

  test('captures a consignment implant with 201 and its Location, publishing ImplantUsed keyed by the serial', async () => {
    const sn = serial();
    const barcode = gs1Udi({ gtin: CONSIGNED, lot: 'L6601', serial: sn, expiry: '2030-06-30' });
    const response = await service.send(
      'POST',
      '/implants',
      scan(barcode, { procedureRef: 'PR-1' }),
    );
    const usage = await bodyOf<ImplantUsageDto>(response, 201);
    assert.equal(response.headers.get('location'), `/implants/${usage.usageId}`);
    assert.deepEqual(
      [usage.status, usage.itemId, usage.supplierId, usage.consignment, usage.recallOverride],
      ['CAPTURED', 'ITM-6601', 'SUP-STRYKER', true, null],
    );
    const [event] = await events.waitFor(of(usage.usageId));
    assert.equal(event?.key, sn);
    const { envelope, ...fact } = event?.value ?? {};
    assert.equal((envelope as { source?: string }).source, 'supply-consumption');
    assert.deepEqual(fact, {
      usageId: usage.usageId,
      encounterId,
      udi: {
        deviceIdentifier: CONSIGNED,
        lotNumber: 'L6601',
        serialNumber: sn,
        expirationDate: Date.UTC(2030, 5, 30) / 86_400_000,
        issuingAgency: 'GS1',
        manufactureDate: null,
      },
      itemId: 'ITM-6601',
      procedureRef: 'PR-1',
      implantingSurgeonNpi: NPI,
      usedAt: Date.parse(usedAt),
      supplierId: 'SUP-STRYKER',
      consignment: true,
      quantity: 1,
      unitId: 'OR',
      source: 'SCAN',
      sourceReference: null,
      recallOverride: null,
    });
    // The saga may have moved its status on by now (a saga orchestrator may run on the stack).
    const read = await bodyOf<ImplantUsageDto>(
      await service.fetch(`/implants/${usage.usageId}`),
      200,
    );
    assert.deepEqual(
      [read.usageId, read.udi, read.createdAt],
      [usage.usageId, usage.udi, usage.createdAt],
    );
  });

  test('answers a retry of a usageId with 200 and the same usage; another body with it is 409', async () => {
    const usageId = randomUUID();
    const body = scan(gs1Udi({ gtin: OWNED, serial: serial() }), { usageId });
    const first = await capture(body, 201);
    assert.equal(first.consignment, false);
    const repeat = await capture(body, 200);
    assert.deepEqual(
      [repeat.usageId, repeat.createdAt, repeat.udi],
      [first.usageId, first.createdAt, first.udi],
    );
    const problem = await problemOf(
      await service.send('POST', '/implants', { ...body, unitId: 'CATH' }),
      409,
    );
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['usageId'],
    );
    await events.waitFor(of(usageId));
    const later = await capture(scan(gs1Udi({ gtin: OWNED, serial: serial() })), 201);
    await events.waitFor(of(later.usageId));
    assert.equal(events.messages(of(usageId)).length, 1);
  });

  test('refuses a device expired before the day of use with 422 EXPIRED; its expiry day is still fine', async () => {
    const day = new Date(usedAt).toLocaleDateString('en-CA', { timeZone: 'America/New_York' });
    const yesterday = new Date(Date.parse(`${day}T12:00:00Z`) - 86_400_000)
      .toISOString()
      .slice(0, 10);
    const expired = await problemOf(
      await service.send(
        'POST',
        '/implants',
        scan(gs1Udi({ gtin: CONSIGNED, serial: serial(), expiry: yesterday })),
      ),
      422,
    );
    assert.equal((expired as unknown as { code: string }).code, 'EXPIRED');
    assert.deepEqual(
      expired.errors?.map((e) => e.field),
      ['barcode'],
    );
    await capture(scan(gs1Udi({ gtin: CONSIGNED, serial: serial(), expiry: day })), 201);
  });

  test('refuses a recalled lot with 409 RECALLED and its number; a supply-supervisor overrides it as themselves, a supply-tech gets 403', async () => {
    const recallNumber = uniqueName('Z').slice(-30);
    const lot = uniqueName('LR').slice(-20);
    await bodyOf(
      await service.send('POST', '/recalls', {
        recallNumber,
        recallClass: 'II',
        deviceIdentifier: CONSIGNED,
        lots: [lot],
        startDate: '2020-01-01',
      }),
      201,
    );
    const barcode = gs1Udi({ gtin: CONSIGNED, lot, serial: serial() });
    const tech = { authorization: `Bearer ${await roleToken('supply-tech')}` };
    const recalled = await problemOf(
      await service.send('POST', '/implants', scan(barcode), tech),
      409,
    );
    const members = recalled as unknown as { code: string; recallNumbers: string[] };
    assert.deepEqual([members.code, members.recallNumbers], ['RECALLED', [recallNumber]]);
    assert.match(recalled.detail ?? '', new RegExp(recallNumber));
    assert.match(recalled.detail ?? '', /supply-supervisor/);

    const reason = 'no alternative size in stock';
    const overrideBody = scan(barcode, { recallOverride: { reason } });
    const forbidden = await problemOf(
      await service.send('POST', '/implants', overrideBody, tech),
      403,
    );
    const refusal = forbidden as unknown as { type: string; requiredRoles: string[] };
    assert.deepEqual(
      [refusal.type, refusal.requiredRoles],
      ['urn:meridian:problem:forbidden', ['supply-supervisor']],
    );
    assert.match(forbidden.detail ?? '', /a recall override/);
    // Who overrides is the caller, not a name in the body.
    const named = await problemOf(
      await service.send(
        'POST',
        '/implants',
        scan(barcode, { recallOverride: { reason, overriddenBy: 'dr.other' } }),
      ),
      400,
    );
    assert.deepEqual(
      named.errors?.map((e) => e.field),
      ['recallOverride.overriddenBy'],
    );
    const supervisorToken = await roleToken('supply-supervisor');
    const supervisor = usernameOf(supervisorToken);
    assert.equal(typeof supervisor, 'string');
    const overridden = await bodyOf<ImplantUsageDto>(
      await service.send('POST', '/implants', overrideBody, {
        authorization: `Bearer ${supervisorToken}`,
      }),
      201,
    );
    assert.deepEqual(
      [
        overridden.recallOverride?.recallNumber,
        overridden.recallOverride?.reason,
        overridden.recallOverride?.overriddenBy,
      ],
      [recallNumber, reason, supervisor],
    );
    const [event] = await events.waitFor(of(overridden.usageId));
    const override = event?.value['recallOverride'] as Record<string, unknown>;
    assert.deepEqual(
      [
        override['recallNumber'],
        override['reason'],
        override['overriddenBy'],
        override['overriddenAt'],
      ],
      [recallNumber, reason, supervisor, Date.parse(overridden.recallOverride?.overriddenAt ?? '')],
    );
  });

  test('refuses the same serial twice with 409 naming the earlier usage', async () => {
    const barcode = gs1Udi({ gtin: CONSIGNED, serial: serial() });
    const first = await capture(scan(barcode), 201);
    const twice = await problemOf(
      await service.send(
        'POST',
        '/implants',
        scan(barcode, { encounterId: `MGH:${uniqueName('v')}` }),
      ),
      409,
    );
    assert.equal((twice as unknown as { usageId: string }).usageId, first.usageId);
    assert.match(twice.errors?.[0]?.message ?? '', new RegExp(first.usageId));
  });

  test('answers concurrent captures of one usageId once (201, then 200s) and of one serial once (201, then 409s)', async () => {
    const usageId = randomUUID();
    const body = scan(gs1Udi({ gtin: CONSIGNED, serial: serial() }), { usageId });
    const retries = await Promise.all(
      [1, 2, 3, 4].map(() => service.send('POST', '/implants', body)),
    );
    assert.deepEqual(retries.map((r) => r.status).sort(), [200, 200, 200, 201]);
    const barcode = gs1Udi({ gtin: CONSIGNED, serial: serial() });
    const racing = await Promise.all(
      [1, 2, 3, 4].map(() => service.send('POST', '/implants', scan(barcode))),
    );
    assert.deepEqual(racing.map((r) => r.status).sort(), [201, 409, 409, 409]);
    await events.waitFor(of(usageId));
    const winner = await bodyOf<ImplantUsageDto>(
      racing.find((r) => r.status === 201) as Response,
      201,
    );
    await events.waitFor(of(winner.usageId));
    assert.equal(events.messages(of(usageId)).length, 1);
  });

  test('answers 400 naming the barcode part of a wrong GTIN check digit', async () => {
    const good = gs1Udi({ gtin: CONSIGNED, serial: 'X1' });
    const bad = good.replace(
      CONSIGNED,
      `${CONSIGNED.slice(0, 13)}${(Number(CONSIGNED[13]) + 1) % 10}`,
    );
    const problem = await problemOf(await service.send('POST', '/implants', scan(bad)), 400);
    assert.equal(problem.errors?.[0]?.field, 'barcode');
    assert.match(problem.errors?.[0]?.message ?? '', /^GTIN check digit: /);
  });

  test('captures HIBCC and ICCBBA ISBT 128 scans with their item', async () => {
    const sn = randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase();
    const hibcc = await capture(
      scan(
        hibccUdi({
          labeler: 'H666',
          product: 'IMPL0001',
          unitOfMeasure: 1,
          serial: sn,
          expiry: '2031-01-31',
        }),
      ),
      201,
    );
    assert.deepEqual(
      [hibcc.udi.issuingAgency, hibcc.udi.deviceIdentifier, hibcc.udi.serialNumber, hibcc.itemId],
      ['HIBCC', HIBCC_DI, sn, 'ITM-6604'],
    );
    const din = `W6666${String(new Date().getUTCFullYear()).slice(2)}${String(Date.now()).slice(-6)}`;
    const isbt = await capture(
      scan(isbt128Udi({ productCode: ICCBBA_PPIC, donationId: din, expiry: '2031-01-31' })),
      201,
    );
    assert.deepEqual(
      [
        isbt.udi.issuingAgency,
        isbt.udi.deviceIdentifier,
        isbt.udi.serialNumber,
        isbt.itemId,
        isbt.supplierId,
      ],
      ['ICCBBA', ICCBBA_PPIC, din, 'ITM-6605', 'SUP-TISSUE'],
    );
    const [event] = await events.waitFor(of(isbt.usageId));
    assert.equal((event?.value['udi'] as Record<string, unknown>)['issuingAgency'], 'ICCBBA');
  });

  test('accepts an unknown device with 202: stored and published with itemId null', async () => {
    const usage = await capture(scan(gs1Udi({ gtin: UNKNOWN, lot: 'LU1' }), { quantity: 3 }), 202);
    assert.deepEqual([usage.itemId, usage.status, usage.quantity], [null, 'CAPTURED', 3]);
    const [event] = await events.waitFor(of(usage.usageId));
    assert.deepEqual(
      [event?.key, event?.value['itemId'], event?.value['supplierId'], event?.value['consignment']],
      [`${UNKNOWN}:LU1`, null, null, false],
    );
  });

  test('refuses with 422 a device of an item that is not an implant, or inactive', async () => {
    const notImplant = await problemOf(
      await service.send('POST', '/implants', scan(gs1Udi({ gtin: '00884521234560', lot: 'L1' }))),
      422,
    );
    assert.deepEqual(
      notImplant.errors?.map((e) => e.field),
      ['barcode'],
    );
    assert.match(notImplant.detail ?? '', /not an implant/);
    const inactive = await problemOf(
      await service.send('POST', '/implants', scan(gs1Udi({ gtin: INACTIVE, serial: serial() }))),
      422,
    );
    assert.match(inactive.detail ?? '', /inactive/);
  });

  test('lists every encounter that received a lot (the recall question); a filter is required', async () => {
    const lot = uniqueName('LOT').slice(-20);
    const encounters = [`MGH:${uniqueName('a')}`, `BWH:${uniqueName('b')}`];
    for (const [i, e] of encounters.entries()) {
      await capture(
        scan(gs1Udi({ gtin: CONSIGNED, lot, serial: serial() }), {
          encounterId: e,
          unitId: i === 0 ? 'OR' : 'CATH',
        }),
        201,
      );
    }
    const listed = await bodyOf<ImplantUsageListDto>(
      await service.fetch(`/implants?deviceIdentifier=${CONSIGNED}&lot=${lot}`),
      200,
    );
    assert.deepEqual(
      listed.items.map((u) => [u.encounterId, u.unitId, u.implantingSurgeonNpi, u.usedAt]).sort(),
      [
        [encounters[0], 'OR', NPI, usedAt],
        [encounters[1], 'CATH', NPI, usedAt],
      ].sort(),
    );
    const problem = await problemOf(await service.fetch('/implants'), 400);
    assert.equal(problem.errors?.[0]?.field, 'lot');
  });

  test('reverses NOT_IMPLANTED at once, SCANNED_IN_ERROR by the saga, publishing ImplantUsageReversed', async () => {
    const wasted = await capture(scan(gs1Udi({ gtin: CONSIGNED, serial: serial() })), 201);
    const reversed = await bodyOf<ImplantUsageDto>(
      await service.send('POST', `/implants/${wasted.usageId}/reverse`, {
        reason: 'NOT_IMPLANTED',
        note: 'dropped',
      }),
      202,
    );
    assert.deepEqual(
      [reversed.status, reversed.reversalReason],
      ['NOT_IMPLANTED', 'NOT_IMPLANTED'],
    );
    const [event] = await events.waitFor(of(wasted.usageId, 'ImplantUsageReversed'));
    assert.deepEqual(
      [event?.value['reason'], event?.key],
      ['NOT_IMPLANTED', wasted.udi.serialNumber],
    );
    await problemOf(
      await service.send('POST', `/implants/${wasted.usageId}/reverse`, {
        reason: 'SCANNED_IN_ERROR',
      }),
      409,
    );

    const barcode = gs1Udi({ gtin: CONSIGNED, serial: serial() });
    const wrong = await capture(scan(barcode), 201);
    const cancelled = await bodyOf<ImplantUsageDto>(
      await service.send('POST', `/implants/${wrong.usageId}/reverse`, {
        reason: 'WRONG_ENCOUNTER',
      }),
      202,
    );
    // Not NOT_IMPLANTED: the saga's compensation decides (REVERSED once it ran).
    assert.notEqual(cancelled.status, 'NOT_IMPLANTED');
    assert.equal(cancelled.reversalReason, 'WRONG_ENCOUNTER');
    const [cancel] = await events.waitFor(of(wrong.usageId, 'ImplantUsageReversed'));
    assert.equal(cancel?.value['reason'], 'WRONG_ENCOUNTER');
    // The device goes to the right encounter at once; the saga of the wrong one compensates.
    const right = await capture(scan(barcode, { encounterId: `MGH:${uniqueName('right')}` }), 201);
    assert.notEqual(right.usageId, wrong.usageId);
  });

  test('refuses to cancel a usage whose saga completed (409) and answers 404 for an unknown one', async () => {
    const done = await capture(scan(gs1Udi({ gtin: CONSIGNED, serial: serial() })), 201);
    const client = new pg.Client({ connectionString: service.database.url });
    await client.connect();
    try {
      // What RequestReplenishment, the saga's last step, leaves.
      await client.query(
        "UPDATE implant_usage SET status = 'REPLENISHMENT_REQUESTED', stock_decremented = true WHERE usage_id = $1",
        [done.usageId],
      );
    } finally {
      await client.end();
    }
    const problem = await problemOf(
      await service.send('POST', `/implants/${done.usageId}/reverse`, {
        reason: 'SCANNED_IN_ERROR',
      }),
      409,
    );
    assert.match(problem.detail ?? '', /credit/);
    await problemOf(
      await service.send('POST', `/implants/${randomUUID()}/reverse`, { reason: 'NOT_IMPLANTED' }),
      404,
    );
    const invalid = await problemOf(
      await service.send('POST', `/implants/${done.usageId}/reverse`, {
        reason: 'SAGA_COMPENSATION',
      }),
      400,
    );
    assert.deepEqual(
      invalid.errors?.map((e) => e.field),
      ['reason'],
    );
  });
});
