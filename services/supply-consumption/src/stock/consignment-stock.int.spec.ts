import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { bodyOf, problemFields, problemOf } from '@meridian/service-kit/testing';
import { startSupplyService } from '../testing/supply-service.js';
import type { ServiceUnderTest } from '@meridian/testing';
import type { StockDto, StockImportResultDto, StockListDto } from './dto/consignment-stock.dto.js';

const SUPPLIER = 'SUP-ZIMMER';
const CSV_HEADER = 'supplierId,locationId,itemId,quantityOnHand,parLevel';

const implant = (
  itemId: string,
  fields: Record<string, unknown> = {},
): Record<string, unknown> => ({
  itemId,
  description: `KNEE COMPONENT ${itemId}`,
  unitOfMeasure: 'EA',
  unitCost: '1900.00',
  implant: true,
  supplierId: SUPPLIER,
  consignment: true,
  ...fields,
});

describe('consignment stock import API, the service as its own process', () => {
  let service: ServiceUnderTest;

  before(async () => {
    service = await startSupplyService();
    await bodyOf(
      await service.send('POST', '/items/import', [
        implant('ITM-8801'),
        implant('ITM-8802'),
        implant('ITM-8803', { consignment: false }),
      ]),
      200,
    );
  });

  after(async () => {
    await service?.stop();
  });

  const listed = async (query: string): Promise<StockDto[]> =>
    (await bodyOf<StockListDto>(await service.fetch(`/consignment-stock?${query}`), 200)).stock;

  test('a PUT counts one item at one location: 201 created, 200 replaced, the par level kept apart', async () => {
    const created = await bodyOf<StockDto>(
      await service.send('PUT', '/consignment-stock/OR/ITM-8801', {
        supplierId: SUPPLIER,
        quantityOnHand: 1,
        parLevel: 3,
      }),
      201,
    );
    assert.deepEqual(
      [created.quantityOnHand, created.parLevel, created.belowPar, created.countDiscrepancy],
      [1, 3, true, false],
    );
    assert.ok(created.countedAt);
    const replaced = await bodyOf<StockDto>(
      await service.send('PUT', '/consignment-stock/OR/ITM-8801', {
        supplierId: SUPPLIER,
        quantityOnHand: 5,
      }),
      200,
    );
    assert.deepEqual(
      [replaced.quantityOnHand, replaced.parLevel, replaced.belowPar],
      [5, null, false],
    );
    assert.deepEqual(
      (await listed('locationId=OR&itemId=ITM-8801')).map((s) => [s.supplierId, s.quantityOnHand]),
      [[SUPPLIER, 5]],
    );
  });

  test('imports counts as CSV, and answers 400 naming the row and column of a bad count without applying any row', async () => {
    const good = [CSV_HEADER, `${SUPPLIER},CATH,ITM-8801,2,4`, `${SUPPLIER},CATH,ITM-8802,0,`].join(
      '\n',
    );
    assert.deepEqual(
      await bodyOf<StockImportResultDto>(
        await service.send('POST', '/consignment-stock/import', good),
        200,
      ),
      { created: 2, replaced: 0 },
    );
    assert.deepEqual(
      (await listed(`supplierId=${SUPPLIER}&locationId=CATH`)).map((s) => [
        s.itemId,
        s.quantityOnHand,
      ]),
      [
        ['ITM-8801', 2],
        ['ITM-8802', 0],
      ],
    );

    const bad = [CSV_HEADER, `${SUPPLIER},CATH,ITM-8801,7,4`, `${SUPPLIER},CATH,ITM-8802,-3,`].join(
      '\n',
    );
    const problem = await problemOf(
      await service.send('POST', '/consignment-stock/import', bad),
      400,
    );
    assert.deepEqual(
      problem.errors?.map((e) => [e.field, e.row]),
      [['row 2: quantityOnHand', 2]],
    );
    assert.equal((await listed('locationId=CATH&itemId=ITM-8801'))[0]?.quantityOnHand, 2);
  });

  test('refuses stock of an item that is unknown, not consignment, or consigned by another supplier, by row', async () => {
    const problem = await problemOf(
      await service.send('POST', '/consignment-stock/import', {
        stock: [
          { supplierId: SUPPLIER, locationId: 'OR', itemId: 'ITM-8802', quantityOnHand: 1 },
          { supplierId: SUPPLIER, locationId: 'OR', itemId: 'ITM-8899', quantityOnHand: 1 },
          { supplierId: SUPPLIER, locationId: 'OR', itemId: 'ITM-8803', quantityOnHand: 1 },
          { supplierId: 'SUP-OTHER', locationId: 'OR', itemId: 'ITM-8801', quantityOnHand: 1 },
        ],
      }),
      400,
    );
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['row 2: itemId', 'row 3: itemId', 'row 4: supplierId'],
    );
    assert.match(problem.errors?.[2]?.message ?? '', /consigned by SUP-ZIMMER/);
    assert.deepEqual(await listed('locationId=OR&itemId=ITM-8802'), []);

    assert.deepEqual(
      await problemFields(
        await service.send('PUT', '/consignment-stock/OR/ITM-8801', {
          quantityOnHand: 2.5,
          itemId: 'ITM-1',
        }),
      ),
      ['itemId', 'supplierId', 'quantityOnHand'],
    );
  });
});
