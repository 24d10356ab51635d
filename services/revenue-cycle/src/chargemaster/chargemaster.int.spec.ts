import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FinalizeCharges } from '@meridian/contracts';
import { INVALID_REQUEST, OPENAPI_JSON_PATH, PROBLEM_JSON } from '@meridian/service-kit';
import type { ProblemDetails } from '@meridian/service-kit';
import { decimalOf } from '@meridian/testing';
import type { EncounterChargesDto } from '../charges/dto/charge.dto.js';
import { finalizeCharges, newCase } from '../testing/discharge-commands.js';
import type { DischargeCase } from '../testing/discharge-commands.js';
import { startRevenueStack } from '../testing/revenue-stack.js';
import type { HttpAnswer, RevenueStack } from '../testing/revenue-stack.js';
import { CHARGEMASTER_CONFLICT } from './chargemaster.service.js';
import type { ChargemasterImportResultDto } from './dto/chargemaster-import.dto.js';
import type { ChargemasterItemDto, ChargemasterListDto } from './dto/chargemaster-item.dto.js';

const ROOM_7N = {
  description: 'R&B MED/SURG 7 NORTH SEMI-PRIVATE',
  revenueCode: '0120',
  kind: 'ROOM_AND_BOARD',
  unitId: '7N',
  unitPrice: '2650.00',
};
const ON_7N = { facilityId: 'MGH', unitId: '7N', roomId: '712', bedId: 'A' };
const ON_5E = { facilityId: 'MGH', unitId: '5E', roomId: '503', bedId: 'B' };

/** The discharge case's procedures and supplies besides room and board: 310 + 145 + 96 + 116. */
const NON_ROOM_TOTAL_CENTS = 66_700;
const total = (dailyRateCents: number): string =>
  ((3 * dailyRateCents + NON_ROOM_TOTAL_CENTS) / 100).toFixed(2);

describe('revenue-cycle chargemaster import API', () => {
  let stack: RevenueStack;

  before(async () => {
    stack = await startRevenueStack('revenue_cdm');
  });
  after(async () => {
    await stack?.stop();
  });

  const put = <T = ChargemasterItemDto>(cdmCode: string, body: unknown): Promise<HttpAnswer<T>> =>
    stack.http<T>('PUT', `/chargemaster/${cdmCode}`, body);
  const importRows = <T = ChargemasterImportResultDto>(items: unknown): Promise<HttpAnswer<T>> =>
    stack.http<T>('POST', '/chargemaster/import', { items });
  const rowsOf = async (query: string): Promise<ChargemasterItemDto[]> => {
    const answer = await stack.http<ChargemasterListDto>('GET', `/chargemaster?${query}`);
    assert.equal(answer.status, 200);
    return answer.body.items;
  };
  const finalize = async (c: DischargeCase, location: typeof ON_7N) =>
    stack.replyTo(
      await stack.send(FinalizeCharges, finalizeCharges(c, { location }), c.encounterId),
    );
  const roomLineOf = async (c: DischargeCase) => {
    const path = `/charges?encounterId=${encodeURIComponent(c.encounterId)}`;
    const charges = (await stack.http<EncounterChargesDto>('GET', path)).body.charges;
    return charges.find((line) => line.revenueCode === '0120' || line.revenueCode === '0214');
  };

  test('rejects FinalizeCharges on a unit without room and board naming the unit, and charges the same step once PUT adds the row', async () => {
    const c = newCase();
    const rejected = await finalize(c, ON_7N);
    assert.equal(rejected.outcome, 'FAILED');
    assert.equal(rejected.failure?.code, 'CHARGE_CODE_NOT_FOUND');
    assert.equal(rejected.failure?.retriable, false);
    assert.deepEqual(rejected.failure?.details, {
      unitId: '7N',
      facilityId: 'MGH',
      kind: 'ROOM_AND_BOARD',
    });
    assert.equal(
      rejected.failure?.message,
      'no active room and board row in the chargemaster for unit 7N at facility MGH',
    );
    assert.equal(await roomLineOf(c), undefined);

    const created = await put('0110007', ROOM_7N);
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, {
      cdmCode: '0110007',
      description: 'R&B MED/SURG 7 NORTH SEMI-PRIVATE',
      revenueCode: '0120',
      cptHcpcsCode: null,
      unitPrice: '2650.00',
      active: true,
      kind: 'ROOM_AND_BOARD',
      unitId: '7N',
      itemId: null,
      facilityId: null,
    });

    // A new command of the same saga and step, as the orchestrator sends when it retries.
    const charged = await finalize(c, ON_7N);
    assert.notEqual(charged.commandMessageId, rejected.commandMessageId);
    assert.equal(charged.stepName, rejected.stepName);
    assert.equal(charged.outcome, 'SUCCEEDED', JSON.stringify(charged.failure));
    assert.equal(decimalOf(charged.value['totalAmount']), total(265_000));
    const room = await roomLineOf(c);
    assert.deepEqual(
      [room?.cdmCode, room?.units, room?.unitPrice, room?.amount],
      ['0110007', 3, '2650.00', '7950.00'],
    );
  });

  test('replaces a row with PUT (200), and the next FinalizeCharges prices at the new rate', async () => {
    const [before5E] = await rowsOf('code=0110002');
    const replaced = await put('0110002', {
      cdmCode: '0110002',
      description: before5E?.description,
      revenueCode: '0214',
      kind: 'ROOM_AND_BOARD',
      unitId: '5E',
      unitPrice: '3300',
    });
    assert.equal(replaced.status, 200);
    assert.equal(replaced.body.unitPrice, '3300.00');
    assert.deepEqual(
      (await rowsOf('code=0110002')).map((r) => [r.unitPrice, r.active]),
      [['3300.00', true]],
    );

    const c = newCase();
    const reply = await finalize(c, ON_5E);
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    assert.equal(decimalOf(reply.value['totalAmount']), total(330_000));
    assert.equal((await roomLineOf(c))?.unitPrice, '3300.00');
  });

  test('answers an invalid row with problem+json naming the field, and stores nothing', async () => {
    const invalid = await put<ProblemDetails>('0110010', { ...ROOM_7N, revenueCode: '120' });
    assert.equal(invalid.status, 400);
    assert.ok(invalid.contentType.startsWith(PROBLEM_JSON), invalid.contentType);
    assert.equal(invalid.body.type, INVALID_REQUEST);
    assert.equal(invalid.body.instance, '/chargemaster/0110010');
    assert.deepEqual(
      invalid.body.errors?.map((e) => e.field),
      ['revenueCode'],
    );
    assert.deepEqual(await rowsOf('code=0110010'), []);

    const badPath = await put<ProblemDetails>('11-0', ROOM_7N);
    assert.equal(badPath.status, 400);
    assert.deepEqual(
      badPath.body.errors?.map((e) => e.field),
      ['cdmCode'],
    );

    const items = [1, 2, 3, 4].map((n) => ({
      cdmCode: `272910${n}`,
      description: `SUTURE KIT ${n}`,
      revenueCode: n === 4 ? '27' : '0272',
      kind: 'SUPPLY',
      unitPrice: '14.00',
    }));
    const bulk = await importRows<ProblemDetails>(items);
    assert.equal(bulk.status, 400);
    assert.ok(bulk.contentType.startsWith(PROBLEM_JSON), bulk.contentType);
    assert.deepEqual(
      bulk.body.errors?.map((e) => [e.field, e.row]),
      [['row 4: revenueCode', 4]],
    );
    assert.match(bulk.body.detail ?? '', /^row 4: revenueCode must be a 4-digit NUBC/);
    assert.deepEqual(
      await rowsOf('code=2729101'),
      [],
      'the valid rows of the import were not kept',
    );
  });

  test('imports rows in one transaction: creates and replaces by CDM code, and moves a unit to a new row', async () => {
    const result = await importRows([
      // Pediatrics gets a new room and board row; its old one steps aside in the same import.
      {
        cdmCode: '0110014',
        description: 'R&B PEDIATRICS PRIVATE 2027',
        revenueCode: '0113',
        kind: 'ROOM_AND_BOARD',
        unitId: 'PEDS',
        unitPrice: '3050.00',
      },
      {
        cdmCode: '0110004',
        description: 'R&B PEDIATRICS PRIVATE',
        revenueCode: '0113',
        kind: 'ROOM_AND_BOARD',
        unitId: 'PEDS',
        unitPrice: '2900.00',
        active: false,
      },
      {
        cdmCode: '7300001',
        description: 'ECG 12 LEAD TRACING',
        revenueCode: '0730',
        cptHcpcsCode: '93005',
        kind: 'PROCEDURE',
        unitPrice: '195.00',
      },
      {
        cdmCode: '2780003001',
        description: 'KNEE TIBIAL TRAY',
        revenueCode: '0278',
        cptHcpcsCode: 'c1776',
        kind: 'IMPLANT',
        itemId: 'ITM-9101',
        unitPrice: '5400.00',
      },
    ]);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.body.created, 2);
    assert.equal(result.body.replaced, 2);
    assert.deepEqual(
      result.body.items.map((r) => [r.cdmCode, r.unitPrice, r.active, r.cptHcpcsCode]),
      [
        ['0110014', '3050.00', true, null],
        ['0110004', '2900.00', false, null],
        ['7300001', '195.00', true, '93005'],
        ['2780003001', '5400.00', true, 'C1776'],
      ],
    );
    const rooms = await rowsOf('kind=ROOM_AND_BOARD');
    assert.deepEqual(
      rooms.filter((r) => r.unitId === 'PEDS').map((r) => [r.cdmCode, r.active]),
      [
        ['0110004', false],
        ['0110014', true],
      ],
    );
    assert.equal((await rowsOf('code=93005'))[0]?.unitPrice, '195.00');
  });

  test('answers 409 naming the field when an active row outside the write prices the same unit, and stores none of an import', async () => {
    const icu = {
      cdmCode: '0110023',
      description: 'R&B SURGICAL ICU',
      revenueCode: '0200',
      kind: 'ROOM_AND_BOARD',
      unitId: 'ICU',
      unitPrice: '7100.00',
    };
    const single = await put<ProblemDetails>('0110023', icu);
    assert.equal(single.status, 409);
    assert.ok(single.contentType.startsWith(PROBLEM_JSON), single.contentType);
    assert.equal(single.body.type, CHARGEMASTER_CONFLICT);
    assert.deepEqual(single.body.errors, [
      {
        field: 'unitId',
        message:
          'unit ICU network-wide already has the active ROOM_AND_BOARD row 0110003; deactivate that row (active: false) first or in the same import',
      },
    ]);

    const scan = {
      cdmCode: '3520002',
      description: 'CT HEAD WO CONTRAST',
      revenueCode: '0351',
      cptHcpcsCode: '70450',
      kind: 'PROCEDURE',
      unitPrice: '1650.00',
    };
    const bulk = await importRows<ProblemDetails>([scan, icu]);
    assert.equal(bulk.status, 409);
    assert.deepEqual(
      bulk.body.errors?.map((e) => [e.field, e.row]),
      [['row 2: unitId', 2]],
    );
    assert.deepEqual(await rowsOf('code=3520002'), [], 'the valid row of the import was not kept');
    assert.deepEqual(await rowsOf('code=0110023'), []);
  });

  test("prices room and board of 4W at BWH and at MGH each with its facility's own row, imported as CSV, and elsewhere with the network-wide row", async () => {
    const csv = [
      'cdmCode,description,revenueCode,kind,unitId,unitPrice,facilityId',
      '0120001,R&B MED/SURG 4 WEST BWH,0120,ROOM_AND_BOARD,4W,2600.00,BWH',
      '0130001,R&B MED/SURG 4 WEST MGH,0120,ROOM_AND_BOARD,4W,2500.00,MGH',
    ].join('\r\n');
    const imported = await stack.postCsv<ChargemasterImportResultDto>('/chargemaster/import', csv);
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.deepEqual(
      imported.body.items.map((r) => [r.cdmCode, r.unitId, r.facilityId, r.unitPrice, r.active]),
      [
        ['0120001', '4W', 'BWH', '2600.00', true],
        ['0130001', '4W', 'MGH', '2500.00', true],
      ],
    );

    const at = async (facilityId: string) => {
      const c = newCase(facilityId);
      const reply = await finalize(c, { facilityId, unitId: '4W', roomId: '405', bedId: 'A' });
      assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
      const room = await roomLineOf(c);
      return [decimalOf(reply.value['totalAmount']), room?.cdmCode, room?.unitPrice];
    };
    assert.deepEqual(await at('BWH'), [total(260_000), '0120001', '2600.00']);
    assert.deepEqual(await at('MGH'), [total(250_000), '0130001', '2500.00']);
    // Newton-Wellesley has no 4W row of its own: the network-wide row of the seed prices it.
    assert.deepEqual(await at('NWH'), [total(245_000), '0110001', '2450.00']);

    const twice = await stack.postCsv<ProblemDetails>(
      '/chargemaster/import',
      'cdmCode,description,revenueCode,kind,unitId,unitPrice,facilityId\n0120009,R&B 4 WEST BWH 2027,0120,ROOM_AND_BOARD,4W,2700.00,BWH\n',
    );
    assert.equal(twice.status, 409);
    assert.deepEqual(twice.body.errors, [
      {
        field: 'row 1: unitId',
        row: 1,
        message:
          'unit 4W at facility BWH already has the active ROOM_AND_BOARD row 0120001; deactivate that row (active: false) first or in the same import',
      },
    ]);
  });

  test('answers a CSV import with a bad row with 400 naming its row and column, and applies none of its rows', async () => {
    const before = await rowsOf('facilityId=BWH');
    const csv = [
      'cdmCode,description,revenueCode,kind,cptHcpcsCode,unitId,itemId,unitPrice,active,facilityId',
      '0120005,R&B TELEMETRY 5 EAST BWH,0214,ROOM_AND_BOARD,,5E,,3400.00,true,BWH',
      '0120006,R&B MEDICAL ICU BWH,0200,ROOM_AND_BOARD,,ICU,,7100.0O,true,BWH',
      '3240005,XR CHEST 2 VIEWS BWH,0324,PROCEDURE,71046,,,330.00,true,BWH',
    ].join('\n');
    const answer = await stack.postCsv<ProblemDetails>('/chargemaster/import', csv);
    assert.equal(answer.status, 400);
    assert.ok(answer.contentType.startsWith(PROBLEM_JSON), answer.contentType);
    assert.equal(answer.body.type, INVALID_REQUEST);
    assert.deepEqual(
      answer.body.errors?.map((e) => [e.field, e.row]),
      [['row 2: unitPrice', 2]],
    );
    assert.deepEqual(await rowsOf('facilityId=BWH'), before, 'no row of the import was applied');
    assert.deepEqual(await rowsOf('code=0120005'), []);

    const header = await stack.postCsv<ProblemDetails>(
      '/chargemaster/import',
      'cdmCode,price\n0120005,1.00\n',
    );
    assert.equal(header.status, 400);
    assert.deepEqual(
      header.body.errors?.map((e) => e.field),
      ['header: price'],
    );
  });

  test('imports a whole chargemaster of 2,000 rows in one request', async () => {
    const items = Array.from({ length: 2_000 }, (_, i) => ({
      cdmCode: String(27_500_000 + i),
      description: `MED SURG SUPPLY ${i} STERILE SINGLE USE`,
      revenueCode: '0270',
      cptHcpcsCode: null,
      kind: 'SUPPLY',
      itemId: `ITM-${50_000 + i}`,
      unitPrice: `${(i % 400) + 1}.25`,
    }));
    assert.ok(JSON.stringify({ items }).length > 200_000, 'larger than a default 100 KB body');
    const result = await importRows(items);
    assert.equal(result.status, 200, JSON.stringify(result.body).slice(0, 500));
    assert.equal(result.body.created, 2_000);
    assert.equal(result.body.items[1_999]?.cdmCode, '27501999');
    assert.equal((await rowsOf('code=27501999'))[0]?.itemId, 'ITM-51999');
  });

  test('documents both endpoints and their problem+json answers in the OpenAPI document', async () => {
    interface Operation {
      responses: Record<string, { content?: Record<string, unknown> }>;
      security?: Record<string, string[]>[];
      'x-meridian-roles'?: string[];
    }
    const doc = await stack.http<{ paths: Record<string, Record<string, Operation>> }>(
      'GET',
      `/${OPENAPI_JSON_PATH}`,
    );
    const putRow = doc.body.paths['/chargemaster/{cdmCode}']?.['put'];
    const bulk = doc.body.paths['/chargemaster/import']?.['post'];
    assert.deepEqual(Object.keys(putRow?.responses ?? {}).sort(), [
      '200',
      '201',
      '400',
      '401',
      '403',
      '409',
    ]);
    assert.deepEqual(Object.keys(bulk?.responses ?? {}).sort(), [
      '200',
      '400',
      '401',
      '403',
      '409',
      '413',
    ]);
    assert.ok(bulk?.responses['400']?.content?.[PROBLEM_JSON]);
    for (const operation of [putRow, bulk]) {
      assert.deepEqual(operation?.['x-meridian-roles'], ['revenue-integrity', 'admin']);
      assert.deepEqual(operation?.security, [{ oidc: ['revenue-integrity', 'admin'] }]);
    }
  });
});
