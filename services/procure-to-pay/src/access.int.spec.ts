import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Topics } from '@meridian/contracts';
import { bodyOf, problemOf } from '@meridian/service-kit/testing';
import { roleToken } from '@meridian/testing';
import type { HttpMethod, TappedMessage, TopicTap } from '@meridian/testing';
import type { SupplierInvoiceDto } from './payables/invoices/dto/supplier-invoice.dto.js';
import { startLedger } from './testing/ledger-harness.js';
import type { LedgerHarness } from './testing/ledger-harness.js';

const FORBIDDEN = 'urn:meridian:problem:forbidden';
const UNAUTHORIZED = 'urn:meridian:problem:unauthorized';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase();

/** The Authorization header of the demo user who holds only `role`. */
async function as(role: string): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await roleToken(role)}` };
}

describe('who may call procure-to-pay: a bearer token with one of the route roles', () => {
  let p2p: LedgerHarness;
  /** audit.v1 (shared: always filtered by this run's PO and supplier numbers). */
  let audit: TopicTap;
  const supplierId = `SUP-${hex(5)}`;
  const poNumber = `PO-${hex(6)}`;
  const supplier = { name: 'Access test supplier', paymentTermsDays: 30 };
  const invoice = () => ({
    supplierId,
    supplierInvoiceNumber: `INV-${hex(5)}`,
    invoiceDate: '2026-03-05',
    poNumber,
    currency: 'USD',
    totalAmount: '24.50',
    lines: [{ supplierItemNumber: 'X-1', quantity: 1, unitOfMeasure: 'EA', unitPrice: '24.50' }],
  });
  const call = async (role: string, method: HttpMethod, path: string, body?: unknown) =>
    p2p.service.send(method, path, body, await as(role));

  before(async () => {
    p2p = await startLedger();
    audit = await p2p.service.tap(Topics.AuditV1.name);
  });

  after(async () => {
    await p2p?.stop();
  });

  test('a call without a token is 401 problem+json with a Bearer challenge', async () => {
    for (const [method, path] of [
      ['POST', '/supplier-invoices'],
      ['GET', '/journals'],
      ['PUT', `/suppliers/${supplierId}`],
      ['GET', '/purchase-orders'],
    ] as const) {
      const response = await fetch(`${p2p.service.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'GET' ? {} : { body: JSON.stringify(invoice()) }),
      });
      assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="meridian"', path);
      assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
      assert.equal((await problemOf(response, 401)).type, UNAUTHORIZED, path);
    }
  });

  test('a token without one of the route roles is 403 problem+json naming the roles', async () => {
    const refusals: [string, HttpMethod, string, unknown, readonly string[]][] = [
      ['coder', 'POST', '/supplier-invoices', invoice(), ['ap-clerk', 'interface']],
      ['supply-supervisor', 'GET', '/supplier-invoices', undefined, ['ap-clerk']],
      ['revenue-integrity', 'GET', '/ap/exceptions', undefined, ['ap-clerk']],
      [
        'supply-supervisor',
        'POST',
        `/ap/exceptions/${randomUUID()}/reject`,
        undefined,
        ['ap-clerk'],
      ],
      ['supply-supervisor', 'PUT', `/suppliers/${supplierId}`, supplier, ['ap-clerk', 'admin']],
      ['ap-clerk', 'PUT', '/accounts/430099', { name: 'X', type: 'REVENUE' }, ['admin']],
      [
        'supply-supervisor',
        'GET',
        '/accounts',
        undefined,
        ['ap-clerk', 'revenue-integrity', 'admin'],
      ],
      ['coder', 'GET', '/trial-balance', undefined, ['ap-clerk', 'revenue-integrity', 'admin']],
      ['supply-tech', 'GET', '/purchase-orders', undefined, ['ap-clerk', 'supply-supervisor']],
    ];
    for (const [role, method, path, body, roles] of refusals) {
      const response = await call(role, method, path, body);
      assert.equal(response.headers.get('content-type')?.split(';')[0], 'application/problem+json');
      const problem = (await problemOf(response, 403)) as unknown as Record<string, unknown>;
      assert.deepEqual([problem['type'], problem['requiredRoles']], [FORBIDDEN, roles], path);
    }
  });

  test('each route lets its roles in', async () => {
    await bodyOf(await call('admin', 'PUT', `/suppliers/${supplierId}`, supplier), 201);
    await bodyOf(await call('ap-clerk', 'PUT', `/suppliers/${supplierId}`, supplier), 200);
    const { items } = await bodyOf<{ items: { supplierId: string }[] }>(
      await call('supply-supervisor', 'GET', '/suppliers'),
      200,
    );
    assert.ok(items.some((s) => s.supplierId === supplierId));
    for (const [role, path] of [
      ['supply-supervisor', `/contract-prices?supplierId=${supplierId}`],
      ['supply-supervisor', '/purchase-orders?limit=1'],
      ['ap-clerk', '/purchase-orders?limit=1'],
      ['ap-clerk', '/ap/exceptions?limit=1'],
      ['revenue-integrity', '/accounts'],
      ['revenue-integrity', '/cost-centers'],
      ['revenue-integrity', '/revenue-mapping'],
      ['revenue-integrity', '/journals?limit=1'],
      ['admin', '/trial-balance'],
    ] as const) {
      await bodyOf(await call(role, 'GET', path), 200);
    }
  });

  test('an interface or an AP clerk posts a supplier invoice, audited under its PO number', async () => {
    const received = await bodyOf<SupplierInvoiceDto>(
      await call('interface', 'POST', '/supplier-invoices', invoice()),
      201,
    );
    const [record] = await audit.waitFor(
      (m: TappedMessage) =>
        m.value['businessKey'] === poNumber && m.value['action'] === 'POST /supplier-invoices',
    );
    assert.deepEqual(
      [record?.value['role'], record?.value['outcome'], record?.value['httpStatus']],
      ['interface', 'SUCCEEDED', 201],
    );
    const listed = await bodyOf<{ items: SupplierInvoiceDto[] }>(
      await call('ap-clerk', 'GET', `/supplier-invoices?poNumber=${poNumber}`),
      200,
    );
    assert.deepEqual(
      listed.items.map((i) => i.invoiceId),
      [received.invoiceId],
    );
    await bodyOf(await call('ap-clerk', 'POST', '/supplier-invoices', invoice()), 201);
  });
});
