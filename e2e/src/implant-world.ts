// implant-to-invoice in e2e: the scenario's reference data loaded through the import APIs, the scan
// at the point of use, and the waits on the saga and its bill-only PO.
import assert from 'node:assert/strict';
import {
  implantReferenceCalls,
  planImplant,
  supplierInvoiceFor,
  type BillOnlyOrder,
  type ImplantPlan,
} from '@meridian/testing';
import { waiting, type E2e, type SagaView, type ServiceHttp } from './platform.fixture.js';

export const SURGEON_NPI = '1245319599';

export interface Usage {
  readonly usageId: string;
  readonly status: string;
  readonly encounterId: string;
  readonly recallOverride: { readonly recallNumber: string; readonly overriddenBy: string } | null;
}

export interface PurchaseOrder extends BillOnlyOrder {
  readonly status: string;
  readonly totalAmount: string;
  readonly usageId: string | null;
}

export interface CaseCostJournal {
  readonly journalId: string;
  readonly status: string;
  readonly totalDebit: string;
  readonly totalCredit: string;
}

/** Loads one consignment implant through procure-to-pay, supply-consumption and revenue-cycle. */
export async function setUpImplant(e: E2e, tag: string): Promise<ImplantPlan> {
  const plan = planImplant(tag);
  for (const call of implantReferenceCalls(plan)) {
    const send = call.method === 'PUT' ? e.put : e.post;
    const answer = await send(call.service, call.path, call.body);
    assert.ok(
      answer.status < 300,
      `${call.method} ${call.path}: ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
  return plan;
}

/** `POST /implants`: the scan at the point of use, in the plan's operating room. */
export function scan(
  e: ServiceHttp,
  plan: ImplantPlan,
  body: Readonly<Record<string, unknown>>,
): Promise<{ status: number; body: Usage & Readonly<Record<string, unknown>> }> {
  return e.post('supply-consumption', '/implants', {
    implantingSurgeonNpi: SURGEON_NPI,
    unitId: plan.locationId,
    ...body,
  });
}

export async function stockOnHand(e: E2e, plan: ImplantPlan): Promise<number> {
  const page = await e.get<{ stock: { quantityOnHand: number }[] }>(
    'supply-consumption',
    `/consignment-stock?locationId=${plan.locationId}&itemId=${plan.itemId}`,
  );
  return page.stock[0]?.quantityOnHand ?? Number.NaN;
}

export const waitForImplantSaga = (
  e: E2e,
  usageId: string,
  status: string,
  timeoutMs?: number,
): Promise<SagaView> => e.waitForSaga(usageId, status, timeoutMs, 'implant-to-invoice');

/** The saga at step 4, waiting for the invoice, and its bill-only PO. */
export async function waitForInvoiceStep(
  e: E2e,
  usage: { readonly usageId: string; readonly encounterId: string },
): Promise<PurchaseOrder> {
  const { usageId } = usage;
  let saga: SagaView | undefined;
  await waiting(
    () => `the saga of ${usageId} at MatchSupplierInvoice (last ${JSON.stringify(saga)})`,
    async () => {
      saga = await e.saga(usageId, 'implant-to-invoice');
      return saga?.currentStep === 'MatchSupplierInvoice' && saga.status === 'RUNNING';
    },
    30_000,
  );
  const pos = await e.get<{ items: PurchaseOrder[] }>(
    'procure-to-pay',
    `/purchase-orders?encounterId=${encodeURIComponent(usage.encounterId)}`,
  );
  const po = pos.items.find((p) => p.usageId === usageId);
  assert.ok(po, `a bill-only PO for ${usageId}: ${JSON.stringify(pos.items)}`);
  return po;
}

/** The supplier sends its invoice of a bill-only PO, one device at `unitPrice`. */
export function invoice(
  e: E2e,
  plan: ImplantPlan,
  order: PurchaseOrder,
  invoiceNumber: string,
  unitPrice: string,
): Promise<{ status: number; body: { invoiceId: string; status: string } }> {
  return e.post(
    'procure-to-pay',
    '/supplier-invoices',
    supplierInvoiceFor(plan, order, invoiceNumber, unitPrice),
  );
}
