import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { uniqueName } from '@meridian/testing';
import { bodyOf, problemOf } from '@meridian/service-kit/testing';
import { startLedger } from '../testing/ledger-harness.js';
import type { LedgerHarness } from '../testing/ledger-harness.js';
import type { ContractPriceListDto, SupplierDto, SupplierListDto } from './dto/supplier.dto.js';

describe('supplier master and contract prices (import API) against the real stack', () => {
  let p2p: LedgerHarness;

  before(async () => {
    p2p = await startLedger();
  });

  after(async () => {
    await p2p?.stop();
  });

  const id = (prefix: string): string => uniqueName(prefix).toUpperCase().replaceAll('_', '-');

  test('creates a supplier with PUT (201), replaces it (200) and lists it', async () => {
    const supplierId = id('SUP');
    const created = await bodyOf<SupplierDto>(
      await p2p.service.send('PUT', `/suppliers/${supplierId}`, {
        name: 'Stryker Orthopaedics',
        paymentTermsDays: 30,
      }),
      201,
    );
    assert.deepEqual(created, { supplierId, name: 'Stryker Orthopaedics', paymentTermsDays: 30 });
    await bodyOf(
      await p2p.service.send('PUT', `/suppliers/${supplierId}`, { name: 'Stryker Corp' }),
      200,
    );
    const list = await p2p.service.getJson<SupplierListDto>('/suppliers');
    assert.deepEqual(
      list.items.find((s) => s.supplierId === supplierId),
      { supplierId, name: 'Stryker Corp', paymentTermsDays: null },
    );
  });

  test('imports suppliers from JSON and contract prices from CSV, read back exactly to the cent', async () => {
    const a = id('SUPA');
    const b = id('SUPB');
    const imported = await bodyOf<{ created: number; replaced: number }>(
      await p2p.service.send('POST', '/suppliers/import', [
        { supplierId: a, name: 'Medtronic', paymentTermsDays: 45 },
        { supplierId: b, name: 'Zimmer Biomet' },
      ]),
      200,
    );
    assert.deepEqual(imported, { created: 2, replaced: 0 });
    const csv = [
      'supplierId,itemId,contractId,unitPrice,currency,unitOfMeasure,effectiveFrom,effectiveTo,supplierItemNumber',
      `${a},ITEM-STENT-1,GPO-2026-CV,1899.99,USD,EA,2026-01-01,2026-06-30,MDT-44`,
      `${a},ITEM-STENT-1,GPO-2026-CV,1850.10,USD,EA,2026-07-01,,MDT-44`,
      `${b},ITEM-KNEE-7,LOCAL-77,4210.5,USD,EA,2025-01-01,,`,
    ].join('\n');
    const prices = await bodyOf<{ created: number }>(
      await p2p.service.send('POST', '/contract-prices/import', csv),
      200,
    );
    assert.equal(prices.created, 3);
    const ofA = await p2p.service.getJson<ContractPriceListDto>(`/contract-prices?supplierId=${a}`);
    assert.deepEqual(
      ofA.items.map((p) => [p.unitPrice, p.effectiveFrom, p.effectiveTo, p.supplierItemNumber]),
      [
        ['1899.99', '2026-01-01', '2026-06-30', 'MDT-44'],
        ['1850.10', '2026-07-01', null, 'MDT-44'],
      ],
    );
    const ofB = await p2p.service.getJson<ContractPriceListDto>(
      `/contract-prices?supplierId=${b}&itemId=ITEM-KNEE-7`,
    );
    assert.equal(ofB.items[0]?.unitPrice, '4210.50');
  });

  test('refuses a CSV with bad rows naming each row and column, storing none of them', async () => {
    const supplierId = id('SUPC');
    await bodyOf(
      await p2p.service.send('PUT', `/suppliers/${supplierId}`, { name: 'Arthrex' }),
      201,
    );
    const csv = [
      'supplierId,itemId,contractId,unitPrice,currency,unitOfMeasure,effectiveFrom',
      `${supplierId},ITEM-ANCHOR-1,C-1,310.00,USD,EA,2026-01-01`,
      `${supplierId},ITEM-ANCHOR-2,C-1,12.345,USD,EA,2026-01-01`,
      `${supplierId},ITEM-ANCHOR-3,C-1,99.00,usd,EA,2026-02-30`,
    ].join('\n');
    const problem = await problemOf(
      await p2p.service.send('POST', '/contract-prices/import', csv),
      400,
    );
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['row 2: unitPrice', 'row 3: currency', 'row 3: effectiveFrom'],
    );
    const stored = await p2p.service.getJson<ContractPriceListDto>(
      `/contract-prices?supplierId=${supplierId}`,
    );
    assert.deepEqual(stored.items, []);
  });

  test('refuses a JSON number as a price, a price of an unknown supplier, and overlapping periods', async () => {
    const supplierId = id('SUPD');
    await bodyOf(
      await p2p.service.send('PUT', `/suppliers/${supplierId}`, { name: 'Smith+Nephew' }),
      201,
    );
    const row = {
      contractId: 'C-9',
      unitPrice: '100.00',
      currency: 'USD',
      unitOfMeasure: 'EA',
      effectiveFrom: '2026-01-01',
    };
    const number = await problemOf(
      await p2p.service.send('PUT', `/suppliers/${supplierId}/contract-prices/ITEM-1`, {
        ...row,
        unitPrice: 100,
      }),
      400,
    );
    assert.deepEqual(
      number.errors?.map((e) => e.field),
      ['unitPrice'],
    );
    const unknown = await problemOf(
      await p2p.service.send('PUT', `/suppliers/${id('NOSUCH')}/contract-prices/ITEM-1`, row),
      400,
    );
    assert.deepEqual(
      unknown.errors?.map((e) => e.field),
      ['supplierId'],
    );
    await bodyOf(
      await p2p.service.send('PUT', `/suppliers/${supplierId}/contract-prices/ITEM-1`, row),
      201,
    );
    const overlap = await problemOf(
      await p2p.service.send('PUT', `/suppliers/${supplierId}/contract-prices/ITEM-1`, {
        ...row,
        effectiveFrom: '2026-03-01',
      }),
      409,
    );
    assert.deepEqual(
      overlap.errors?.map((e) => e.field),
      ['effectiveFrom'],
    );
    await bodyOf(
      await p2p.service.send('PUT', `/suppliers/${supplierId}/contract-prices/ITEM-1`, {
        ...row,
        effectiveTo: '2026-02-28',
      }),
      200,
    );
    await bodyOf(
      await p2p.service.send('PUT', `/suppliers/${supplierId}/contract-prices/ITEM-1`, {
        ...row,
        unitPrice: '104.00',
        effectiveFrom: '2026-03-01',
      }),
      201,
    );
  });
});
