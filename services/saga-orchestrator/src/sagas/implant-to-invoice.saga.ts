// implant-to-invoice: an implant used at the point of care becomes a bill-only purchase order,
// a patient charge, a matched and approved supplier invoice with its case cost, and a
// consignment restock request.
import {
  type ApExceptionResolution,
  ApproveInvoiceAndPostCost,
  CancelPurchaseOrder,
  ConfirmImplantUsage,
  CreateBillOnlyPurchaseOrder,
  ImplantUsed,
  ImplantUsageReversed,
  MatchSupplierInvoice,
  PostImplantCharge,
  RequestReplenishment,
  ReverseImplantCharge,
  ReverseImplantUsage,
  type Udi,
} from '@meridian/contracts';
import {
  asJson,
  days,
  defineSaga,
  hours,
  need,
  workItem,
  type FromJson,
  type SagaData,
} from '@meridian/saga';
import { standardPolicy } from './policy.js';
import { splitCompleter } from './task-completer.js';

/** What the saga carries from step to step (JSON: timestamps are ISO strings). */
export type ImplantData = {
  readonly usageId: string;
  readonly encounterId: string;
  readonly udi: FromJson<Udi>;
  readonly usedAt: string;
  readonly quantity: number;
  readonly consignment: boolean;
  readonly itemId: string | null;
  readonly supplierId: string | null;
  readonly supplierItemNumber?: string | null;
  readonly chargeCode?: string | null;
  readonly hcpcsCode?: string | null;
  readonly costCenter: string | null;
  readonly poNumber?: string;
  readonly expectedAmount?: string;
  readonly currency?: string;
  readonly chargeId?: string;
  readonly invoiceId?: string;
  readonly invoicedAmount?: string;
  /** The AP clerk's decision on the last match exception, sent with the next match attempt. */
  readonly apResolution?: FromJson<ApExceptionResolution> | null;
};

const INVOICE_WAIT = days(30); // suppliers invoice bill-only implants within weeks
const EACH = 'EA'; // implants are used, ordered and restocked one by one
const UNDO = 'implant usage reversed or saga cancelled';
const merge = (d: ImplantData, input: SagaData): ImplantData => ({
  ...d,
  ...splitCompleter(input).input,
});
const consignment = (d: ImplantData): boolean => d.consignment;
const itemException = workItem<ImplantData>({
  type: 'IMPLANT_ITEM_EXCEPTION',
  team: 'supply-chain',
  onComplete: merge,
});
const contractMissing = workItem<ImplantData>({
  type: 'CONTRACT_PRICE_MISSING',
  team: 'accounts-payable',
});
const AP_ACTIONS: readonly string[] = ['ACCEPT_VARIANCE', 'REJECT_INVOICE', 'AWAIT_CREDIT_MEMO'];

/**
 * The AP clerk's completion input: `resolution: { exceptionId, action, note? }` replaces the
 * previous decision, resolved by the clerk who completed the task (`completedBy`, the caller the
 * API names; never the body) (anything else clears it: the match is simply tried again, and
 * procure-to-pay raises the exception again if it still does not match); other fields are merged
 * like every task's input (a skip gives what the step would have answered).
 */
export function resolutionOf(d: ImplantData, input: SagaData): ImplantData {
  const { completedBy: resolvedBy, input: given } = splitCompleter(input);
  const { resolution, ...rest } = given;
  const r: Readonly<Record<string, unknown>> =
    typeof resolution === 'object' && resolution !== null && !Array.isArray(resolution)
      ? (resolution as Readonly<Record<string, unknown>>)
      : {};
  const { exceptionId, action } = r;
  const note = r['note'] ?? null;
  const valid =
    typeof exceptionId === 'string' &&
    typeof action === 'string' &&
    AP_ACTIONS.includes(action) &&
    resolvedBy !== null &&
    (note === null || typeof note === 'string');
  return {
    ...merge(d, rest),
    apResolution: valid
      ? ({ exceptionId, action, resolvedBy, note } as FromJson<ApExceptionResolution>)
      : null,
  };
}

export const implantToInvoice = defineSaga<ImplantData>('implant-to-invoice', 1)
  .startedBy(ImplantUsed, {
    businessKey: (u) => u.usageId,
    data: (u) => ({
      usageId: u.usageId,
      encounterId: u.encounterId,
      udi: asJson(u.udi),
      usedAt: u.usedAt.toISOString(),
      quantity: u.quantity,
      consignment: u.consignment,
      itemId: u.itemId,
      supplierId: u.supplierId,
      costCenter: u.unitId,
    }),
  })
  // Only a usage that never happened undoes the whole saga; NOT_IMPLANTED (opened and wasted) only
  // reverses the patient charge in revenue-cycle: the supplier is still owed.
  .cancelledBy(ImplantUsageReversed, (r) => r.usageId, {
    when: (r) => r.reason === 'SCANNED_IN_ERROR' || r.reason === 'WRONG_ENCOUNTER',
  })
  .policy(standardPolicy('supply-chain', hours(8)))
  // 1. supply-consumption: UDI to item master, lot neither expired nor recalled, consignment stock
  //    decremented; an unknown item waits for supply chain, then is confirmed again.
  .step('ConfirmImplantUsage')
  .invoke(ConfirmImplantUsage, (d) => ({
    usageId: d.usageId,
    encounterId: d.encounterId,
    udi: d.udi,
    usedAt: d.usedAt,
    quantity: d.quantity,
    consignment: d.consignment,
  }))
  .onReply((d, r) => ({
    ...d,
    consignment: r.consignment ?? d.consignment,
    itemId: need(r, 'itemId'),
    supplierId: need(r, 'supplierId'),
    supplierItemNumber: r.supplierItemNumber,
    chargeCode: r.chargeCode,
    hcpcsCode: r.hcpcsCode,
  }))
  .compensateWith(ReverseImplantUsage, (d) => ({
    usageId: d.usageId,
    encounterId: d.encounterId,
    reason: UNDO,
  }))
  .onRejection('ITEM_NOT_FOUND', itemException)
  .onRejection('LOT_RECALLED', itemException)
  .onRejection('LOT_EXPIRED', itemException)
  .onRejection('ITEM_NOT_IMPLANT', itemException)
  .onRejection('ITEM_INACTIVE', itemException)
  .onRejection('ITEM_SUPPLIER_MISSING', itemException)
  // 2. procure-to-pay: bill-only purchase order at the contract price (consignment stock only:
  //    owned stock was bought on a regular PO, so steps 2, 4, 5 and 6 are skipped for it).
  .step('CreateBillOnlyPurchaseOrder')
  .invoke(CreateBillOnlyPurchaseOrder, (d) => ({
    usageId: d.usageId,
    encounterId: d.encounterId,
    supplierId: need(d, 'supplierId'),
    itemId: need(d, 'itemId'),
    supplierItemNumber: d.supplierItemNumber ?? null,
    udi: d.udi,
    quantity: d.quantity,
    unitOfMeasure: EACH,
    usedAt: d.usedAt,
    costCenter: d.costCenter,
  }))
  .when(consignment)
  .onReply((d, r) => ({
    ...d,
    poNumber: need(r, 'poNumber'),
    expectedAmount: need(r, 'totalAmount'),
    currency: need(r, 'currency'),
  }))
  .compensateWith(CancelPurchaseOrder, (d) => ({ poNumber: need(d, 'poNumber'), reason: UNDO }))
  .onRejection('CONTRACT_PRICE_MISSING', contractMissing)
  .onRejection('SUPPLIER_UNKNOWN', contractMissing)
  // 3. revenue-cycle: the patient charge from the chargemaster.
  .step('PostImplantCharge')
  .invoke(PostImplantCharge, (d) => ({
    usageId: d.usageId,
    encounterId: d.encounterId,
    itemId: need(d, 'itemId'),
    chargeCode: d.chargeCode ?? null,
    hcpcsCode: d.hcpcsCode ?? null,
    udi: d.udi,
    quantity: d.quantity,
    usedAt: d.usedAt,
  }))
  .onReply((d, r) => ({ ...d, chargeId: need(r, 'chargeId') }))
  .compensateWith(ReverseImplantCharge, (d) => ({
    chargeId: need(d, 'chargeId'),
    usageId: d.usageId,
    encounterId: d.encounterId,
    reason: UNDO,
  }))
  .onRejection(
    'CHARGE_CODE_NOT_FOUND',
    workItem({ type: 'CHARGEMASTER_ENTRY_MISSING', team: 'revenue-integrity' }),
  )
  // 4. procure-to-pay: waits for the supplier invoice; three-way match within tolerance; a
  //    mismatch waits in the AP exception queue.
  .step('MatchSupplierInvoice')
  .invoke(MatchSupplierInvoice, (d) => ({
    poNumber: need(d, 'poNumber'),
    supplierId: need(d, 'supplierId'),
    usageId: d.usageId,
    expectedQuantity: d.quantity,
    expectedAmount: need(d, 'expectedAmount'),
    currency: need(d, 'currency'),
    resolution: d.apResolution ?? null,
  }))
  .when(consignment)
  .onReply((d, r) => ({
    ...d,
    invoiceId: need(r, 'invoiceId'),
    invoicedAmount: need(r, 'invoicedAmount'),
    apResolution: null,
  }))
  .onRejection(
    'INVOICE_MATCH_EXCEPTION',
    workItem({
      type: 'AP_INVOICE_EXCEPTION',
      team: 'accounts-payable',
      escalateAfterMs: hours(48),
      onComplete: resolutionOf,
    }),
  )
  .replyTimeout(INVOICE_WAIT)
  .expectedWithin(INVOICE_WAIT)
  // 5. procure-to-pay: approve for payment and post the case-cost journal.
  .step('ApproveInvoiceAndPostCost')
  .invoke(ApproveInvoiceAndPostCost, (d) => ({
    invoiceId: need(d, 'invoiceId'),
    poNumber: need(d, 'poNumber'),
    supplierId: need(d, 'supplierId'),
    usageId: d.usageId,
    encounterId: d.encounterId,
    amount: need(d, 'invoicedAmount'),
    currency: need(d, 'currency'),
    costCenter: d.costCenter,
  }))
  .when(consignment)
  // 6. supply-consumption: consignment restock request to the supplier.
  .step('RequestReplenishment')
  .invoke(RequestReplenishment, (d) => ({
    usageId: d.usageId,
    itemId: need(d, 'itemId'),
    deviceIdentifier: d.udi.deviceIdentifier,
    supplierId: need(d, 'supplierId'),
    quantity: d.quantity,
    unitOfMeasure: EACH,
    stockLocationId: d.costCenter,
    poNumber: need(d, 'poNumber'),
  }))
  .when(consignment)
  .build();
