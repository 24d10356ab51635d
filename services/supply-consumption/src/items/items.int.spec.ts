import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { uniqueName } from '@meridian/testing';
import { gtinCheckDigit } from '@meridian/udi';
import { bodyOf, problemOf } from '@meridian/service-kit/testing';
import { startSupplyService } from '../testing/supply-service.js';
import type { ServiceUnderTest } from '@meridian/testing';
import type { UsageDto } from '../usage/dto/usage.dto.js';
import type { ItemDto, ItemImportResultDto, ItemListDto } from './dto/item.dto.js';

/** A GTIN-14 of this file's own (company prefix 0077777), with its check digit. */
const gtin = (n: number): string => {
  const body = `0077777${String(n).padStart(6, '0')}`;
  return `${body}${gtinCheckDigit(body)}`;
};
/** The same GTIN with a wrong check digit. */
const badGtin = (n: number): string => `${gtin(n).slice(0, 13)}${(Number(gtin(n)[13]) + 1) % 10}`;

const CSV_HEADER =
  'itemId,description,unitOfMeasure,gtins,chargeCode,hcpcsCode,unitCost,implant,supplierId';
/** HIBC LIC device identifiers of a labeler of this file's own: LIC, product number, unit of measure. */
const hibcc = (n: number): string => `H777IMPL${String(n).padStart(4, '0')}0`;
/** ISBT 128 processor product identification codes: FIN W7777, product code, description code. */
const iccbba = (n: number): string => `W7777TIS${String(n).padStart(3, '0')}T0944`;

describe('item master import API, the service as its own process', () => {
  let service: ServiceUnderTest;

  before(async () => {
    service = await startSupplyService();
  });

  after(async () => {
    await service?.stop();
  });

  const item = async (itemId: string): Promise<ItemDto> =>
    bodyOf<ItemDto>(await service.fetch(`/items/${itemId}`), 200);
  const itemCount = async (): Promise<number> =>
    (await bodyOf<ItemListDto>(await service.fetch('/items'), 200)).items.length;

  test('imports items as JSON, a GTIN-13 stored as GTIN-14, and answers how many were created', async () => {
    const result = await bodyOf<ItemImportResultDto>(
      await service.send('POST', '/items/import', {
        items: [
          {
            itemId: 'ITM-3001',
            description: 'SUTURE 3-0 VICRYL',
            unitOfMeasure: 'BX',
            gtins: [gtin(1).slice(1)],
            chargeCode: '2720031',
            unitCost: '42.5',
          },
          {
            itemId: 'ITM-3002',
            description: 'ALCOHOL PREP PAD',
            unitOfMeasure: 'BX',
            unitCost: '3.10',
          },
        ],
      }),
      200,
    );
    assert.deepEqual(result, { created: 2, replaced: 0 });
    const suture = await item('ITM-3001');
    assert.deepEqual(
      [suture.gtins, suture.unitCost, suture.chargeable, suture.active, suture.currency],
      [[gtin(1)], '42.50', true, true, 'USD'],
    );
    assert.deepEqual((await item('ITM-3002')).gtins, []);
  });

  test('imports items as CSV, the GTINs of an item in one cell separated by |', async () => {
    const csv = [
      CSV_HEADER,
      `ITM-3101,"CATHETER, SUCTION 14FR",EA,${gtin(11)}|${gtin(12)},2720041,,2.15,false,`,
      `ITM-3102,HIP ACETABULAR CUP,EA,${gtin(13)},2780001234,C1776,2900.00,true,SUP-STRYKER`,
    ].join('\n');
    const result = await bodyOf<ItemImportResultDto>(
      await service.send('POST', '/items/import', csv),
      200,
    );
    assert.deepEqual(result, { created: 2, replaced: 0 });
    const catheter = await item('ITM-3101');
    assert.deepEqual(
      [catheter.description, catheter.gtins, catheter.implant],
      ['CATHETER, SUCTION 14FR', [gtin(11), gtin(12)], false],
    );
    const cup = await item('ITM-3102');
    assert.deepEqual(
      [cup.hcpcsCode, cup.implant, cup.chargeCode, cup.supplierId],
      ['C1776', true, '2780001234', 'SUP-STRYKER'],
    );
  });

  test('holds HIBCC and ICCBBA device identifiers of an implant by PUT, found by agency and identifier', async () => {
    const body = {
      description: 'BONE ANCHOR 5.0MM',
      unitOfMeasure: 'EA',
      deviceIdentifiers: [
        { issuingAgency: 'HIBCC', deviceIdentifier: hibcc(1).toLowerCase() },
        { issuingAgency: 'GS1', deviceIdentifier: gtin(61).slice(1) },
      ],
      chargeCode: '2780000061',
      hcpcsCode: 'c1713',
      unitCost: '410.00',
      implant: true,
      supplierId: 'SUP-ARTHREX',
      supplierItemNumber: 'AR-1324BC',
      consignment: true,
    };
    const created = await bodyOf<ItemDto>(await service.send('PUT', '/items/ITM-3701', body), 201);
    assert.deepEqual(
      [created.gtins, created.deviceIdentifiers, created.hcpcsCode, created.supplierItemNumber],
      [
        [gtin(61)],
        [
          { issuingAgency: 'GS1', deviceIdentifier: gtin(61) },
          { issuingAgency: 'HIBCC', deviceIdentifier: hibcc(1) },
        ],
        'C1713',
        'AR-1324BC',
      ],
    );
    const found = async (query: string): Promise<string[]> =>
      (await bodyOf<ItemListDto>(await service.fetch(`/items?${query}`), 200)).items.map(
        (i) => i.itemId,
      );
    assert.deepEqual(await found(`issuingAgency=HIBCC&deviceIdentifier=${hibcc(1)}`), ['ITM-3701']);
    assert.deepEqual(await found(`deviceIdentifier=${gtin(61)}`), ['ITM-3701']);
    assert.deepEqual(await found(`issuingAgency=ICCBBA&deviceIdentifier=${iccbba(1)}`), []);
    // the same identifier text of another agency is another device
    const other = await problemOf(
      await service.fetch(`/items?issuingAgency=ICCBBA&deviceIdentifier=${hibcc(1)}`),
      400,
    );
    assert.deepEqual(
      other.errors?.map((e) => e.field),
      ['deviceIdentifier'],
    );

    const clash = await problemOf(
      await service.send('PUT', '/items/ITM-3702', {
        ...body,
        deviceIdentifiers: [{ issuingAgency: 'HIBCC', deviceIdentifier: hibcc(1) }],
      }),
      409,
    );
    assert.deepEqual(
      clash.errors?.map((e) => e.field),
      ['deviceIdentifiers'],
    );
    assert.match(clash.errors?.[0]?.message ?? '', /HIBCC .* is already on item ITM-3701/);

    const noSupplier = await problemOf(
      await service.send('PUT', '/items/ITM-3703', {
        ...body,
        supplierId: undefined,
        deviceIdentifiers: [],
      }),
      400,
    );
    assert.deepEqual(
      noSupplier.errors?.map((e) => e.field),
      ['supplierId'],
    );
  });

  test('imports ICCBBA and HIBCC identifiers from CSV as AGENCY:identifier, a bad one named by row and column', async () => {
    const header = 'itemId,description,unitOfMeasure,deviceIdentifiers,unitCost,implant,supplierId';
    const good = [
      header,
      `ITM-3801,ALLOGRAFT BONE CHIPS 30CC,EA,ICCBBA:${iccbba(1)},650.00,true,SUP-MTF`,
      `ITM-3802,SUTURE ANCHOR,EA,HIBCC:${hibcc(2)}|ICCBBA:${iccbba(2)},120.00,true,SUP-MTF`,
    ].join('\n');
    assert.deepEqual(
      await bodyOf<ItemImportResultDto>(await service.send('POST', '/items/import', good), 200),
      { created: 2, replaced: 0 },
    );
    assert.deepEqual((await item('ITM-3802')).deviceIdentifiers, [
      { issuingAgency: 'HIBCC', deviceIdentifier: hibcc(2) },
      { issuingAgency: 'ICCBBA', deviceIdentifier: iccbba(2) },
    ]);
    const { items } = await bodyOf<ItemListDto>(
      await service.fetch(`/items?issuingAgency=ICCBBA&deviceIdentifier=${iccbba(1)}`),
      200,
    );
    assert.deepEqual(
      items.map((i) => i.itemId),
      ['ITM-3801'],
    );

    const before = await itemCount();
    const bad = [
      header,
      `ITM-3803,GOOD ROW,EA,HIBCC:${hibcc(3)},1.00,true,SUP-MTF`,
      `ITM-3804,BAD ROW,EA,ICCBBA:=/${iccbba(4)},1.00,true,SUP-MTF`,
    ].join('\n');
    const problem = await problemOf(await service.send('POST', '/items/import', bad), 400);
    assert.deepEqual(
      problem.errors?.map((e) => [e.field, e.row]),
      [['row 2: deviceIdentifiers', 2]],
    );
    assert.match(problem.errors?.[0]?.message ?? '', /ISBT 128/);
    const repeated = [
      header,
      `ITM-3803,GOOD ROW,EA,HIBCC:${hibcc(3)},1.00,true,SUP-MTF`,
      `ITM-3805,SAME DEVICE,EA,hibcc:${hibcc(3).toLowerCase()},1.00,true,SUP-MTF`,
    ].join('\n');
    const twice = await problemOf(await service.send('POST', '/items/import', repeated), 400);
    assert.deepEqual(
      twice.errors?.map((e) => [e.field, e.message]),
      [['row 2: deviceIdentifiers', `HIBCC:${hibcc(3)} is in row 1 too`]],
    );
    assert.equal(await itemCount(), before);
  });

  test('answers 400 naming the row and column of a GTIN with a wrong check digit, and applies no row', async () => {
    const before = await itemCount();
    const csv = [
      CSV_HEADER,
      `ITM-3201,GOOD ROW,EA,${gtin(21)},,,1.00,false,`,
      `ITM-3202,BAD ROW,EA,${badGtin(22)},,,1.00,false,`,
    ].join('\n');
    const problem = await problemOf(await service.send('POST', '/items/import', csv), 400);
    assert.deepEqual(
      problem.errors?.map((e) => [e.field, e.row]),
      [['row 2: gtins', 2]],
    );
    assert.match(problem.errors?.[0]?.message ?? '', /invalid check digit/);
    assert.equal(await itemCount(), before);
    await problemOf(await service.fetch('/items/ITM-3201'), 404);
  });

  test('answers 409 naming the row whose GTIN is on another item, and applies no row', async () => {
    const before = await itemCount();
    const problem = await problemOf(
      await service.send('POST', '/items/import', [
        { itemId: 'ITM-3301', description: 'NEW', unitOfMeasure: 'EA', unitCost: '1.00' },
        {
          itemId: 'ITM-3302',
          description: 'CLASH',
          unitOfMeasure: 'EA',
          gtins: ['00884521234560'],
          unitCost: '1.00',
        },
      ]),
      409,
    );
    assert.deepEqual(
      problem.errors?.map((e) => [e.field, e.row]),
      [['row 2: gtins', 2]],
    );
    assert.match(problem.errors?.[0]?.message ?? '', /item ITM-1002/);
    assert.equal(await itemCount(), before);
    const put = await problemOf(
      await service.send('PUT', '/items/ITM-3303', {
        description: 'CLASH',
        unitOfMeasure: 'EA',
        gtins: ['00884521234560'],
        unitCost: '1.00',
      }),
      409,
    );
    assert.deepEqual(
      put.errors?.map((e) => e.field),
      ['gtins'],
    );
  });

  test('moves a GTIN from one item to another within one import', async () => {
    const row = (itemId: string, gtins: string[]) => ({
      itemId,
      description: itemId,
      unitOfMeasure: 'EA',
      gtins,
      unitCost: '1.00',
    });
    await bodyOf(await service.send('POST', '/items/import', [row('ITM-3401', [gtin(41)])]), 200);
    const moved = await bodyOf<ItemImportResultDto>(
      await service.send('POST', '/items/import', [
        row('ITM-3401', []),
        row('ITM-3402', [gtin(41)]),
      ]),
      200,
    );
    assert.deepEqual(moved, { created: 1, replaced: 1 });
    const { items } = await bodyOf<ItemListDto>(
      await service.fetch(`/items?gtin=${gtin(41)}`),
      200,
    );
    assert.deepEqual(
      items.map((i) => i.itemId),
      ['ITM-3402'],
    );
  });

  test('a newly imported item is scannable at once, by each of its GTINs; a deactivated one is refused', async () => {
    const encounterId = `MGH:${uniqueName('v')}`;
    const usage = (by: Record<string, unknown>) => ({
      encounterId,
      quantity: 1,
      unitId: 'OR',
      ...by,
    });
    const body = {
      description: 'HEMOSTAT ABSORBABLE 2X3',
      unitOfMeasure: 'EA',
      gtins: [gtin(51), gtin(52)],
      chargeCode: '2720051',
      hcpcsCode: 'A6021',
      unitCost: '38.00',
    };
    const created = await bodyOf<ItemDto>(await service.send('PUT', '/items/ITM-3501', body), 201);
    assert.deepEqual(created.gtins, [gtin(51), gtin(52)]);
    const scanned = await bodyOf<UsageDto>(
      await service.send('POST', '/usage', usage({ barcode: `(01)${gtin(52)}(10)LOT7` })),
      201,
    );
    assert.deepEqual(
      [scanned.itemId, scanned.gtin, scanned.chargeCode, scanned.hcpcsCode, scanned.lotNumber],
      ['ITM-3501', gtin(52), '2720051', 'A6021', 'LOT7'],
    );
    const byId = await bodyOf<UsageDto>(
      await service.send('POST', '/usage', usage({ itemId: 'ITM-3501' })),
      201,
    );
    assert.equal(byId.gtin, gtin(51));

    await bodyOf<ItemDto>(
      await service.send('PUT', '/items/ITM-3501', { ...body, active: false }),
      200,
    );
    const refused = await problemOf(
      await service.send('POST', '/usage', usage({ gtin: gtin(51) })),
      422,
    );
    assert.deepEqual(
      refused.errors?.map((e) => e.field),
      ['gtin'],
    );
  });

  test('answers 400 naming the field of a PUT and 404 for an unknown item', async () => {
    const problem = await problemOf(
      await service.send('PUT', '/items/ITM-3601', { itemId: 'ITM-3602', unitOfMeasure: 'EA' }),
      400,
    );
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['itemId', 'description', 'unitCost'],
    );
    const missing = await problemOf(
      await service.send('PUT', '/items/ITM-3601', { unitOfMeasure: 'each', unitCost: 'free' }),
      400,
    );
    assert.deepEqual(
      missing.errors?.map((e) => e.field),
      ['description', 'unitOfMeasure', 'unitCost'],
    );
    await problemOf(await service.fetch('/items/ITM-3601'), 404);
  });
});
