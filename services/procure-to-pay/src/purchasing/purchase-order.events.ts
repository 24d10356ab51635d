// The facts of purchasing on p2p.purchase-order.v1, built from what was stored.
import { formatCents } from '@meridian/contracts';
import type { PurchaseOrderCreated } from '@meridian/contracts';
import type { Draft } from '@meridian/messaging';
import type { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entities.js';

export function purchaseOrderCreatedDraft(
  po: PurchaseOrder,
  lines: readonly PurchaseOrderLine[],
): Draft<PurchaseOrderCreated> {
  return {
    poNumber: po.poNumber,
    supplierId: po.supplierId,
    billOnly: po.billOnly,
    orderedAt: po.orderedAt,
    costCenter: po.costCenter,
    encounterId: po.encounterId,
    lines: lines.map((line) => ({
      lineNumber: line.lineNumber,
      itemId: line.itemId,
      supplierItemNumber: line.supplierItemNumber,
      gtin: line.gtin,
      quantity: line.quantity,
      unitOfMeasure: line.unitOfMeasure,
      contractUnitPrice: formatCents(line.unitPriceCents),
      lineAmount: formatCents(line.lineAmountCents),
      contractId: line.contractId,
      lotNumber: line.lotNumber,
      serialNumber: line.serialNumber,
      usageId: line.usageId,
    })),
    totalAmount: formatCents(po.totalCents),
    currency: po.currency,
    sagaId: po.sagaId,
  };
}
