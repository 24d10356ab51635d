// The facts of accounts payable on p2p.invoice.v1, built from what was stored.
import { formatCents } from '@meridian/contracts';
import type {
  InvoiceMatched,
  InvoiceMatchExceptionRaised,
  SupplierInvoiceReceived,
} from '@meridian/contracts';
import type { Draft } from '@meridian/messaging';
import type { ApException } from '../exceptions/ap-exception.entity.js';
import type { SupplierInvoice, SupplierInvoiceLine } from './supplier-invoice.entities.js';

export function supplierInvoiceReceivedDraft(
  invoice: SupplierInvoice,
  lines: readonly SupplierInvoiceLine[],
): Draft<SupplierInvoiceReceived> {
  return {
    invoiceId: invoice.invoiceId,
    supplierId: invoice.supplierId,
    supplierInvoiceNumber: invoice.supplierInvoiceNumber,
    invoiceDate: invoice.invoiceDate,
    receivedAt: invoice.receivedAt,
    poNumber: invoice.poNumber,
    lines: lines.map((l) => ({
      lineNumber: l.lineNumber,
      poLineNumber: l.poLineNumber,
      supplierItemNumber: l.supplierItemNumber,
      gtin: l.gtin,
      quantity: l.quantity,
      unitOfMeasure: l.unitOfMeasure,
      unitPrice: formatCents(l.unitPriceCents),
      lineAmount: formatCents(l.lineAmountCents),
      lotNumber: l.lotNumber,
      serialNumber: l.serialNumber,
    })),
    taxAmount: formatCents(invoice.taxCents),
    totalAmount: formatCents(invoice.totalCents),
    currency: invoice.currency,
    paymentDueDate: invoice.paymentDueDate,
    documentType: invoice.documentType,
  };
}

export function invoiceMatchedDraft(
  invoice: SupplierInvoice,
  poNumber: string,
  receiptReferences: readonly string[],
  matchedCents: number,
  sagaId: string | null,
): Draft<InvoiceMatched> {
  return {
    invoiceId: invoice.invoiceId,
    supplierId: invoice.supplierId,
    poNumber,
    matchType: 'THREE_WAY',
    receiptReferences: [...receiptReferences],
    matchedAmount: formatCents(matchedCents),
    varianceAmount: formatCents(invoice.varianceCents ?? 0),
    currency: invoice.currency,
    matchedAt: invoice.matchedAt ?? new Date(),
    overriddenBy: invoice.overriddenBy,
    sagaId,
  };
}

export function exceptionRaisedDraft(exception: ApException): Draft<InvoiceMatchExceptionRaised> {
  return {
    invoiceId: exception.invoiceId,
    exceptionId: exception.exceptionId,
    supplierId: exception.supplierId,
    poNumber: exception.poNumber,
    reason: exception.reason,
    variances: exception.variances.map((v) => ({ ...v })),
    currency: exception.currency,
    raisedAt: exception.raisedAt,
    sagaId: exception.sagaId,
  };
}
