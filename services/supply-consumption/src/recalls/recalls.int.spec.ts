import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { uniqueName } from '@meridian/testing';
import { gs1Udi, gtinCheckDigit } from '@meridian/udi';
import type { ImplantUsageDto } from '../implants/dto/implant.dto.js';
import { bodyOf, problemOf } from '@meridian/service-kit/testing';
import { startSupplyService } from '../testing/supply-service.js';
import type { ServiceUnderTest } from '@meridian/testing';
import type { RecallDto, RecallImportResultDto, RecallListDto } from './dto/recall.dto.js';

/** A GTIN-14 of this file's own (company prefix 0044444), with its check digit. */
const gtin = (n: number): string => {
  const body = `0044444${String(n).padStart(6, '0')}`;
  return `${body}${gtinCheckDigit(body)}`;
};
const DEVICE = gtin(1);
const OTHER = gtin(2);
const CSV_HEADER =
  'recallNumber,recallClass,issuingAgency,deviceIdentifier,lots,lotFrom,lotTo,serials,startDate,endDate';

describe('device recalls import API and the recall check of captures, the service as its own process', () => {
  let service: ServiceUnderTest;
  const recall = (suffix: string): string => `Z-${suffix}-${uniqueName('r').slice(-8)}`;
  const capture = (lot: string | undefined, serial: string): Promise<Response> =>
    service.send('POST', '/implants', {
      encounterId: `MGH:${uniqueName('v')}`,
      barcode: gs1Udi({ gtin: DEVICE, serial, ...(lot === undefined ? {} : { lot }) }),
      implantingSurgeonNpi: '1245319599',
      unitId: 'OR',
    });
  const serial = (): string => uniqueName('S').slice(-20);

  before(async () => {
    service = await startSupplyService();
    await bodyOf(
      await service.send('PUT', '/items/ITM-4401', {
        description: 'PEDICLE SCREW 6.5MM',
        unitOfMeasure: 'EA',
        gtins: [DEVICE],
        chargeCode: '2780004401',
        unitCost: '300.00',
        implant: true,
        supplierId: 'SUP-MEDTRONIC',
        consignment: true,
      }),
      201,
    );
  });

  after(async () => {
    await service?.stop();
  });

  test('imports recalls as JSON and CSV; a lot range covers its lots of the same width only', async () => {
    const [byJson, byCsv] = [recall('J'), recall('C')];
    const json = await bodyOf<RecallImportResultDto>(
      await service.send('POST', '/recalls/import', {
        recalls: [
          {
            recallNumber: byJson,
            recallClass: 'I',
            deviceIdentifier: DEVICE,
            lotFrom: 'A2026-0100',
            lotTo: 'A2026-0199',
            startDate: '2020-01-01',
          },
        ],
      }),
      200,
    );
    assert.deepEqual(json, { created: 1, replaced: 0 });
    const csv = `${CSV_HEADER}\n${byCsv},II,GS1,${DEVICE.slice(1)},B1|B2,,,SN-R1|SN-R2,2020-01-01,\n`;
    assert.deepEqual(await bodyOf(await service.send('POST', '/recalls/import', csv), 200), {
      created: 1,
      replaced: 0,
    });

    for (const [lot, status] of [
      ['A2026-0150', 409],
      ['A2026-0199', 409],
      ['A2026-0200', 201],
      ['A2026-150', 201],
      ['B2', 409],
      ['B3', 201],
    ] as const) {
      const response = await capture(lot, serial());
      assert.equal(response.status, status, `${lot}: ${await response.clone().text()}`);
      if (status === 409) {
        const problem = (await response.json()) as { code: string; recallNumbers: string[] };
        assert.deepEqual(
          [problem.code, problem.recallNumbers],
          ['RECALLED', [lot.startsWith('A') ? byJson : byCsv]],
        );
      }
    }
    const bySerial = await problemOf(await capture(undefined, 'SN-R2'), 409);
    assert.deepEqual((bySerial as unknown as { recallNumbers: string[] }).recallNumbers, [byCsv]);
  });

  test('answers 400 naming the row and column of each bad row, storing none of the import', async () => {
    const good = recall('G');
    const csv =
      `${CSV_HEADER}\n` +
      `${good},II,GS1,${DEVICE},L1,,,,2020-01-01,\n` +
      `${recall('B')},IV,GS1,${DEVICE},,A0100,B0199,,2020-01-01,\n` +
      `${recall('D')},I,GS1,${DEVICE},,,,,2026-02-30,\n`;
    const problem = await problemOf(await service.send('POST', '/recalls/import', csv), 400);
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['row 2: recallClass', 'row 2: lotTo', 'row 3: startDate'],
    );
    await problemOf(await service.fetch(`/recalls/${good}`), 404);
    const json = await problemOf(
      await service.send('POST', '/recalls/import', [
        {
          recallNumber: good,
          recallClass: 'I',
          deviceIdentifier: '00444440000010',
          startDate: '2020-01-01',
        },
      ]),
      400,
    );
    assert.deepEqual(
      json.errors?.map((e) => e.field),
      ['row 1: deviceIdentifier'],
    );
  });

  test('a recall of a whole device identifier refuses every device of it; ending it by PUT lifts it', async () => {
    const number = recall('W');
    const whole = { recallClass: 'III', deviceIdentifier: DEVICE, startDate: '2020-01-01' };
    const created = await bodyOf<RecallDto>(
      await service.send('PUT', `/recalls/${number}`, whole),
      201,
    );
    assert.deepEqual(
      [created.active, created.lots, created.serials, created.deviceIdentifier],
      [true, [], [], DEVICE],
    );
    await problemOf(await capture('ANY-LOT', serial()), 409);
    const active = await bodyOf<RecallListDto>(
      await service.fetch(`/recalls?deviceIdentifier=${DEVICE}&active=true`),
      200,
    );
    assert.ok(active.items.some((r) => r.recallNumber === number));
    assert.ok(active.items.every((r) => r.deviceIdentifier === DEVICE && r.active));
    const ended = await bodyOf<RecallDto>(
      await service.send('PUT', `/recalls/${number}`, { ...whole, endDate: '2020-12-31' }),
      200,
    );
    assert.equal(ended.active, false);
    const inactive = await bodyOf<RecallListDto>(
      await service.fetch(`/recalls?deviceIdentifier=${DEVICE}&active=false`),
      200,
    );
    assert.deepEqual(
      inactive.items.map((r) => r.recallNumber),
      [number],
    );
    const other = await bodyOf<RecallListDto>(
      await service.fetch(`/recalls?deviceIdentifier=${OTHER}`),
      200,
    );
    assert.deepEqual(other.items, []);
    // Only this file's recalls of DEVICE are active, each naming lots or serials the lot below avoids.
    const usage = await bodyOf<ImplantUsageDto>(await capture('ANY-LOT', serial()), 201);
    assert.equal(usage.recallOverride, null);
  });
});
