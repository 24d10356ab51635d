import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  formatCents,
  localDate,
  PurchaseOrderCancelled,
  PurchaseOrderCreated,
  Topics,
} from '@meridian/contracts';
import type {
  CancelPurchaseOrder,
  CancelPurchaseOrderReply,
  CreateBillOnlyPurchaseOrder,
  CreateBillOnlyPurchaseOrderReply,
} from '@meridian/contracts';
import { CommandRejectedError } from '@meridian/saga';
import type { ResultOf } from '@meridian/saga';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import { DataSource, In } from 'typeorm';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import type { Facts } from '../facts.js';
import { ChartService } from '../ledger/chart/chart.service.js';
import { SupplierInvoice } from '../payables/invoices/supplier-invoice.entities.js';
import { SuppliersService } from '../suppliers/suppliers.service.js';
import { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entities.js';
import type { PoStatus } from './purchase-order.entities.js';
import { purchaseOrderCreatedDraft } from './purchase-order.events.js';
import { lockPurchaseOrder, releaseMatchCommand } from './purchase-order.store.js';

type CreateResult = ResultOf<CreateBillOnlyPurchaseOrderReply>;

/** A purchase order with its lines. */
export interface PoWithLines {
  readonly po: PurchaseOrder;
  readonly lines: readonly PurchaseOrderLine[];
}

export interface PoQuery {
  readonly status?: PoStatus;
  readonly supplierId?: string;
  readonly encounterId?: string;
  readonly limit: number;
}

/** `PO-<yyyy>-<at least 6 digits>` from the PO sequence, the year of the facility's day. */
export function poNumberOf(year: string, sequence: string): string {
  return `PO-${year}-${sequence.padStart(6, '0')}`;
}

function createResult({ po, lines }: PoWithLines): CreateResult {
  const line = lines[0];
  return {
    poNumber: po.poNumber,
    contractId: line?.contractId ?? null,
    contractUnitPrice: line ? formatCents(line.unitPriceCents) : null,
    totalAmount: formatCents(po.totalCents),
    currency: po.currency,
  };
}

/** The GS1 GTIN of a UDI: its device identifier when GS1 issued it, else none. */
function gtinOf(udi: CreateBillOnlyPurchaseOrder['udi']): string | null {
  return udi.issuingAgency === 'GS1' ? udi.deviceIdentifier : null;
}

/** Bill-only purchase orders of implant-to-invoice (step 2 and its compensation) and their reads. */
@Injectable()
export class PurchaseOrdersService {
  private readonly logger = new Logger(PurchaseOrdersService.name);

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly chart: ChartService,
    private readonly suppliers: SuppliersService,
  ) {}

  /**
   * A bill-only PO at the supplier's contract price of the item on the day of use (facility
   * time zone); one per saga: a resend answers the saga's PO. Fails SUPPLIER_UNKNOWN,
   * CONTRACT_PRICE_MISSING, UNIT_OF_MEASURE_MISMATCH, INVALID_COMMAND (not retriable: fix the
   * master data, then send again).
   */
  async createBillOnly(
    manager: EntityManager,
    command: CreateBillOnlyPurchaseOrder,
    facts: Facts,
  ): Promise<CreateResult> {
    const existing = await manager.findOneBy(PurchaseOrder, { sagaId: command.sagaId });
    if (existing) return createResult(await this.withLines(manager, existing));
    if (command.quantity < 1) {
      throw new CommandRejectedError('INVALID_COMMAND', 'quantity must be at least 1', {
        details: { field: 'quantity' },
      });
    }
    const { supplierId, itemId } = command;
    if (!(await this.suppliers.supplier(manager, supplierId))) {
      throw new CommandRejectedError(
        'SUPPLIER_UNKNOWN',
        `supplier ${supplierId} is not in the supplier master: add it (PUT /suppliers/${supplierId}), then retry`,
        { details: { supplierId } },
      );
    }
    const usedOn = localDate(command.usedAt, this.config.facilityTimeZone);
    const price = await this.suppliers.priceOn(manager, supplierId, itemId, usedOn);
    if (!price) {
      throw new CommandRejectedError(
        'CONTRACT_PRICE_MISSING',
        `supplier ${supplierId} has no contract price for item ${itemId} effective ${usedOn}: add it (PUT /suppliers/${supplierId}/contract-prices/${itemId}), then retry`,
        { details: { supplierId, itemId, usedOn } },
      );
    }
    if (price.unitOfMeasure !== command.unitOfMeasure) {
      throw new CommandRejectedError(
        'UNIT_OF_MEASURE_MISMATCH',
        `the contract price of item ${itemId} is per ${price.unitOfMeasure}, the usage is in ${command.unitOfMeasure}`,
        {
          details: {
            supplierId,
            itemId,
            contractUnitOfMeasure: price.unitOfMeasure,
            unitOfMeasure: command.unitOfMeasure,
          },
        },
      );
    }
    const costCenter = await this.chart.costCenterOf(
      manager,
      command.costCenter ?? this.config.implantDefaultCostCenter,
    );
    const orderedAt = new Date();
    const [{ sequence }] = await manager.query<[{ sequence: string }]>(
      "SELECT nextval('p2p_po_number_seq')::text AS sequence",
    );
    const poNumber = poNumberOf(
      localDate(orderedAt, this.config.facilityTimeZone).slice(0, 4),
      sequence,
    );
    const lineAmountCents = command.quantity * price.unitPriceCents;
    const po: PurchaseOrder = {
      poNumber,
      supplierId,
      billOnly: true,
      status: 'OPEN',
      costCenter,
      encounterId: command.encounterId,
      usageId: command.usageId,
      sagaId: command.sagaId,
      totalCents: lineAmountCents,
      currency: price.currency,
      orderedAt,
      cancelledAt: null,
      cancelReason: null,
      matchSagaId: null,
      matchStepName: null,
      matchCommandMessageId: null,
      matchWaitingFor: null,
      receiptUsageId: null,
      receiptQuantity: null,
    };
    const line: PurchaseOrderLine = {
      poNumber,
      lineNumber: 1,
      itemId,
      supplierItemNumber: command.supplierItemNumber ?? price.supplierItemNumber,
      gtin: gtinOf(command.udi),
      quantity: command.quantity,
      unitOfMeasure: command.unitOfMeasure,
      unitPriceCents: price.unitPriceCents,
      lineAmountCents,
      contractId: price.contractId,
      lotNumber: command.udi.lotNumber,
      serialNumber: command.udi.serialNumber,
      usageId: command.usageId,
    };
    await manager.insert(PurchaseOrder, po);
    await manager.insert(PurchaseOrderLine, line);
    await facts.publish(
      Topics.P2pPurchaseOrderV1,
      PurchaseOrderCreated,
      purchaseOrderCreatedDraft(po, [line]),
      { key: poNumber },
    );
    this.logger.log({
      msg: 'bill-only purchase order created',
      poNumber,
      supplierId,
      usageId: command.usageId,
      encounterId: command.encounterId,
      sagaId: command.sagaId,
    });
    return createResult({ po, lines: [line] });
  }

  /**
   * Cancels the PO (compensation); a resend answers the first cancellation. An invoice already
   * matched or approved on it keeps its AP state (the supplier is paid or credits through AP);
   * the PurchaseOrderCancelled reason says so. Fails PO_NOT_FOUND for an unknown PO.
   */
  async cancel(
    manager: EntityManager,
    command: CancelPurchaseOrder,
    facts: Facts,
  ): Promise<ResultOf<CancelPurchaseOrderReply>> {
    const po = await lockPurchaseOrder(manager, command.poNumber);
    if (!po) {
      throw new CommandRejectedError(
        'PO_NOT_FOUND',
        `purchase order ${command.poNumber} does not exist`,
        {
          details: { poNumber: command.poNumber },
        },
      );
    }
    if (po.status === 'CANCELLED') return { cancelledAt: po.cancelledAt };
    const settled = await manager.find(SupplierInvoice, {
      where: { poNumber: po.poNumber, status: In(['MATCHED', 'APPROVED']) },
      order: { receivedAt: 'ASC' },
    });
    const apNote = settled.map((i) => `invoice ${i.invoiceId} ${i.status}`).join(', ');
    const reason = apNote ? `${command.reason} (AP state kept: ${apNote})` : command.reason;
    const cancelledAt = new Date();
    await manager.update(
      PurchaseOrder,
      { poNumber: po.poNumber },
      { status: 'CANCELLED', cancelledAt, cancelReason: reason },
    );
    await releaseMatchCommand(manager, po.poNumber);
    await facts.publish(
      Topics.P2pPurchaseOrderV1,
      PurchaseOrderCancelled,
      {
        poNumber: po.poNumber,
        supplierId: po.supplierId,
        billOnly: po.billOnly,
        cancelledAt,
        reason,
        sagaId: command.sagaId,
      },
      { key: po.poNumber },
    );
    this.logger.log({
      msg:
        settled.length > 0
          ? 'purchase order cancelled, its invoices keep their AP state'
          : 'purchase order cancelled',
      poNumber: po.poNumber,
      invoices: settled.map((i) => i.invoiceId),
      sagaId: command.sagaId,
    });
    return { cancelledAt };
  }

  async withLines(manager: EntityManager, po: PurchaseOrder): Promise<PoWithLines> {
    const lines = await manager.find(PurchaseOrderLine, {
      where: { poNumber: po.poNumber },
      order: { lineNumber: 'ASC' },
    });
    return { po, lines };
  }

  async find(poNumber: string): Promise<PoWithLines | null> {
    const manager = this.dataSource.manager;
    const po = await manager.findOneBy(PurchaseOrder, { poNumber });
    return po ? this.withLines(manager, po) : null;
  }

  async list(query: PoQuery): Promise<PoWithLines[]> {
    const manager = this.dataSource.manager;
    const where: FindOptionsWhere<PurchaseOrder> = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.supplierId ? { supplierId: query.supplierId } : {}),
      ...(query.encounterId ? { encounterId: query.encounterId } : {}),
    };
    const orders = await manager.find(PurchaseOrder, {
      where,
      order: { orderedAt: 'DESC' },
      take: query.limit,
    });
    const lines = await manager.find(PurchaseOrderLine, {
      where: { poNumber: In(orders.map((o) => o.poNumber)) },
      order: { lineNumber: 'ASC' },
    });
    return orders.map((po) => ({ po, lines: lines.filter((l) => l.poNumber === po.poNumber) }));
  }
}
