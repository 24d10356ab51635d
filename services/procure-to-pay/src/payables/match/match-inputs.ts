// What the three-way match of a PO's invoice reads, in the caller's transaction: the PO's
// current invoice, its credit memos, their lines; and the match run on them.
import { Not, In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { PurchaseOrder } from '../../purchasing/purchase-order.entities.js';
import { PurchaseOrderLine } from '../../purchasing/purchase-order.entities.js';
import { SupplierInvoice, SupplierInvoiceLine } from '../invoices/supplier-invoice.entities.js';
import { threeWayMatch } from './three-way-match.js';
import type { MatchOutcome, MatchTolerance } from './three-way-match.js';

/** What matching one invoice (less the PO's credit memos) found. */
export interface Evaluation {
  readonly outcome: MatchOutcome;
  readonly credits: readonly SupplierInvoice[];
  /** Invoice total less the credit memos' totals: what AP owes. */
  readonly netCents: number;
}

const sumCents = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** The PO's invoice to match: the latest one received that is not rejected. */
export function currentInvoice(
  manager: EntityManager,
  poNumber: string,
): Promise<SupplierInvoice | null> {
  return manager.findOne(SupplierInvoice, {
    where: { poNumber, documentType: 'INVOICE', status: Not('REJECTED') },
    order: { receivedAt: 'DESC' },
  });
}

/** The PO's credit memos that are not rejected. */
function creditMemosOf(manager: EntityManager, poNumber: string): Promise<SupplierInvoice[]> {
  return manager.find(SupplierInvoice, {
    where: { poNumber, documentType: 'CREDIT_MEMO', status: Not('REJECTED') },
    order: { receivedAt: 'ASC' },
  });
}

/** The invoice total less its PO's credit memos. */
export async function netCentsOf(
  manager: EntityManager,
  invoice: SupplierInvoice,
): Promise<number> {
  const credits = invoice.poNumber ? await creditMemosOf(manager, invoice.poNumber) : [];
  return invoice.totalCents - sumCents(credits.map((c) => c.totalCents));
}

/** Runs the three-way match of `invoice` against the PO (locked by the caller) and its receipt. */
export async function evaluateMatch(
  manager: EntityManager,
  po: PurchaseOrder,
  invoice: SupplierInvoice,
  tolerance: MatchTolerance,
): Promise<Evaluation> {
  const poLines = await manager.find(PurchaseOrderLine, {
    where: { poNumber: po.poNumber },
    order: { lineNumber: 'ASC' },
  });
  const credits = await creditMemosOf(manager, po.poNumber);
  const lines = await manager.find(SupplierInvoiceLine, {
    where: { invoiceId: In([invoice.invoiceId, ...credits.map((c) => c.invoiceId)]) },
    order: { lineNumber: 'ASC' },
  });
  const outcome = threeWayMatch({
    poLines,
    receipt: { usageId: po.receiptUsageId ?? '', quantity: po.receiptQuantity ?? 0 },
    invoiceLines: lines.filter((l) => l.invoiceId === invoice.invoiceId),
    creditLines: lines.filter((l) => l.invoiceId !== invoice.invoiceId),
    tolerance,
  });
  return {
    outcome,
    credits,
    netCents: invoice.totalCents - sumCents(credits.map((c) => c.totalCents)),
  };
}
