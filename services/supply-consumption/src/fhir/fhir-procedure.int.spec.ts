import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Topics } from '@meridian/contracts';
import { getInfra, tapTopic, uniqueName } from '@meridian/testing';
import type { ServiceUnderTest, TappedMessage, TopicTap } from '@meridian/testing';
import { gs1Udi, gtinCheckDigit } from '@meridian/udi';
import type { OperationOutcome } from '@medplum/fhirtypes';
import type { ImplantUsageListDto } from '../implants/dto/implant.dto.js';
import { bodyOf } from '@meridian/service-kit/testing';
import { startSupplyService } from '../testing/supply-service.js';
import { FHIR_JSON, PROBLEM_CODE_SYSTEM } from './operation-outcome.js';
import { NPI_SYSTEM, procedureUsageId } from './procedure.mapper.js';

/** A GTIN-14 of this file's own (company prefix 0055555), with its check digit. */
const gtin = (n: number): string => {
  const body = `0055555${String(n).padStart(6, '0')}`;
  return `${body}${gtinCheckDigit(body)}`;
};
const IMPLANT = gtin(1);
const NPI = '1245319599';

describe('FHIR R4 Procedure implant capture, the service as its own process', () => {
  let service: ServiceUnderTest;
  let events: TopicTap;
  const visit = uniqueName('V').slice(-20);
  const performed = new Date(Date.now() - 2 * 60 * 60_000).toISOString();

  /** A completed Procedure implanting the given UDIs (one contained Device each). */
  const procedure = (
    id: string,
    carriers: readonly string[],
    overrides: Record<string, unknown> = {},
  ) => ({
    resourceType: 'Procedure',
    id,
    status: 'completed',
    contained: [
      ...carriers.map((hrf, i) => ({
        resourceType: 'Device',
        id: `d${i}`,
        udiCarrier: [{ carrierHRF: hrf }],
      })),
      {
        resourceType: 'Practitioner',
        id: 'surgeon',
        identifier: [{ system: NPI_SYSTEM, value: NPI }],
      },
    ],
    encounter: { identifier: { value: visit, assigner: { display: 'MGH' } } },
    performer: [{ actor: { reference: '#surgeon' } }],
    performedDateTime: performed,
    location: { identifier: { value: 'OR' } },
    focalDevice: carriers.map((_hrf, i) => ({ manipulated: { reference: `#d${i}` } })),
    ...overrides,
  });
  const post = (body: unknown, contentType = FHIR_JSON): Promise<Response> =>
    service.fetch('/fhir/Procedure', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: JSON.stringify(body),
    });
  const outcomeOf = async (response: Response, status: number): Promise<OperationOutcome> => {
    const outcome = await bodyOf<OperationOutcome>(response, status);
    assert.equal(response.headers.get('content-type')?.split(';')[0], FHIR_JSON);
    assert.equal(outcome.resourceType, 'OperationOutcome');
    return outcome;
  };
  const serial = (): string => uniqueName('S').slice(-20);

  before(async () => {
    service = await startSupplyService();
    const infra = getInfra();
    events = await tapTopic({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic: Topics.SupplyUsageV1.name,
    });
    await bodyOf(
      await service.send('PUT', '/items/ITM-5501', {
        description: 'KNEE FEMORAL COMPONENT',
        unitOfMeasure: 'EA',
        gtins: [IMPLANT],
        chargeCode: '2780005501',
        hcpcsCode: 'C1776',
        unitCost: '2100.00',
        implant: true,
        supplierId: 'SUP-ZIMMER',
        consignment: true,
      }),
      201,
    );
  });

  after(async () => {
    await service?.stop();
    await events?.stop();
  });

  test('captures every implanted device of a Procedure in one go, published with source FHIR_PROCEDURE', async () => {
    const id = uniqueName('proc');
    const serials = [serial(), serial()];
    const body = procedure(
      id,
      serials.map((s) => gs1Udi({ gtin: IMPLANT, serial: s, lot: 'LF1' })),
    );
    const outcome = await outcomeOf(await post(body), 201);
    const usageIds = [procedureUsageId(id, 0), procedureUsageId(id, 1)];
    assert.deepEqual(
      outcome.issue.map((i) => [i.severity, i.expression?.[0]]),
      [
        ['information', 'Procedure.contained[0].udiCarrier[0].carrierHRF'],
        ['information', 'Procedure.contained[1].udiCarrier[0].carrierHRF'],
      ],
    );
    for (const [i, usageId] of usageIds.entries())
      assert.match(outcome.issue[i]?.diagnostics ?? '', new RegExp(usageId));
    const published = await events.waitFor(
      (e: TappedMessage) => usageIds.includes(String(e.value['usageId'])),
      2,
    );
    assert.deepEqual(
      published
        .map((e) => [
          e.key,
          e.value['encounterId'],
          e.value['source'],
          e.value['sourceReference'],
          e.value['procedureRef'],
          e.value['implantingSurgeonNpi'],
          e.value['unitId'],
          e.value['usedAt'],
          e.value['itemId'],
        ])
        .sort(),
      serials
        .map((s) => [
          s,
          `MGH:${visit}`,
          'FHIR_PROCEDURE',
          id,
          id,
          NPI,
          'OR',
          Date.parse(performed),
          'ITM-5501',
        ])
        .sort(),
    );
    // The same Procedure again (application/json this time): the same usages, nothing new.
    const again = await outcomeOf(await post(body, 'application/json'), 200);
    assert.match(again.issue[0]?.diagnostics ?? '', /captured before/);
    const listed = await bodyOf<ImplantUsageListDto>(
      await service.fetch(`/implants?encounterId=MGH:${visit}`),
      200,
    );
    assert.deepEqual(listed.items.map((u) => u.usageId).sort(), [...usageIds].sort());
  });

  test('answers 400 with an OperationOutcome naming each invalid element by FHIRPath, capturing nothing', async () => {
    const id = uniqueName('bad');
    const bad = gs1Udi({ gtin: IMPLANT, serial: 'X' }).replace(
      IMPLANT,
      `${IMPLANT.slice(0, 13)}${(Number(IMPLANT[13]) + 1) % 10}`,
    );
    const body = procedure(id, [bad], {
      focalDevice: [{ manipulated: { reference: '#d0' } }, { manipulated: { display: 'a stent' } }],
      performedDateTime: 'yesterday',
    });
    const outcome = await outcomeOf(await post(body), 400);
    assert.deepEqual(outcome.issue.map((i) => [i.severity, i.code, i.expression?.[0]]).sort(), [
      ['error', 'invalid', 'Procedure.contained[0].udiCarrier[0].carrierHRF'],
      ['error', 'invalid', 'Procedure.focalDevice[1].manipulated'],
      ['error', 'invalid', 'Procedure.performedDateTime'],
    ]);
    const notJson = await service.fetch('/fhir/Procedure', {
      method: 'POST',
      headers: { 'content-type': FHIR_JSON },
      body: '{"resourceType":',
    });
    assert.equal((await outcomeOf(notJson, 400)).issue[0]?.expression?.[0], 'Procedure');
    await outcomeOf(await post(body, 'text/plain'), 415);
    const none = await bodyOf<ImplantUsageListDto>(
      await service.fetch(`/implants?encounterId=MGH:${visit}&status=CAPTURED`),
      200,
    );
    assert.ok(none.items.every((u) => u.sourceReference !== id));
  });

  test('answers rule failures as OperationOutcomes with their code: 422 EXPIRED, 409 serial already implanted', async () => {
    const expired = await outcomeOf(
      await post(
        procedure(uniqueName('exp'), [
          gs1Udi({ gtin: IMPLANT, serial: serial(), expiry: '2020-01-31' }),
        ]),
      ),
      422,
    );
    assert.deepEqual(
      [
        expired.issue[0]?.code,
        expired.issue[0]?.details?.coding?.[0],
        expired.issue[0]?.expression,
      ],
      [
        'business-rule',
        { system: PROBLEM_CODE_SYSTEM, code: 'EXPIRED' },
        ['Procedure.contained[0].udiCarrier[0].carrierHRF'],
      ],
    );
    const sn = serial();
    await outcomeOf(
      await post(procedure(uniqueName('p1'), [gs1Udi({ gtin: IMPLANT, serial: sn })])),
      201,
    );
    const twice = await outcomeOf(
      await post(procedure(uniqueName('p2'), [gs1Udi({ gtin: IMPLANT, serial: sn })])),
      409,
    );
    assert.deepEqual(
      [twice.issue[0]?.code, twice.issue[0]?.details?.coding?.[0]?.code],
      ['duplicate', 'SERIAL_ALREADY_IMPLANTED'],
    );
    const notDone = await outcomeOf(
      await post(
        procedure(uniqueName('p3'), [gs1Udi({ gtin: IMPLANT, serial: serial() })], {
          status: 'in-progress',
        }),
      ),
      422,
    );
    assert.deepEqual(notDone.issue[0]?.expression, ['Procedure.status']);
  });
});
