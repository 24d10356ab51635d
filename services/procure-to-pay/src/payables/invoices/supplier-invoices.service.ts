import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { SupplierInvoiceReceived, Topics } from '@meridian/contracts';
import {
  InvalidRequestException,
  ProblemException,
  ServiceMessagingHost,
} from '@meridian/service-kit';
import { DataSource, In, QueryFailedError } from 'typeorm';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { Facts } from '../../facts.js';
import { SuppliersService } from '../../suppliers/suppliers.service.js';
import { ApExceptionsStore } from '../exceptions/ap-exceptions.store.js';
import { lockPurchaseOrder } from '../../purchasing/purchase-order.store.js';
import { InvoiceMatchService } from '../match/invoice-match.service.js';
import type { MatchContext } from '../match/invoice-match.service.js';
import { SupplierInvoice, SupplierInvoiceLine } from './supplier-invoice.entities.js';
import type { DocumentType, InvoiceStatus } from './supplier-invoice.entities.js';
import { supplierInvoiceReceivedDraft } from './supplier-invoice.events.js';
import type { SupplierInvoiceInput } from './supplier-invoice.requests.js';

export const DUPLICATE_INVOICE = 'urn:meridian:problem:p2p:duplicate-supplier-invoice';

export interface InvoiceWithLines {
  readonly invoice: SupplierInvoice;
  readonly lines: readonly SupplierInvoiceLine[];
}

export interface InvoiceQuery {
  readonly poNumber?: string;
  readonly status?: InvoiceStatus;
  readonly supplierId?: string;
  readonly documentType?: DocumentType;
  readonly limit: number;
}

/** `YYYY-MM-DD` plus `days`. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function duplicate(input: SupplierInvoiceInput, cause?: unknown): ProblemException {
  return new ProblemException(
    HttpStatus.CONFLICT,
    {
      type: DUPLICATE_INVOICE,
      title: 'Duplicate supplier invoice',
      detail: `supplier ${input.supplierId} already has an invoice ${input.supplierInvoiceNumber}`,
      errors: [{ field: 'supplierInvoiceNumber', message: 'is already on file for this supplier' }],
    },
    { cause },
  );
}

/**
 * Supplier invoices and credit memos as accounts payable receives them: stored (never lost:
 * an invoice naming no known PO of its supplier is kept and raises a NO_PO exception),
 * SupplierInvoiceReceived published, and the PO's deferred match answered when it waits for it.
 */
@Injectable()
export class SupplierInvoicesService {
  private readonly logger = new Logger(SupplierInvoicesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly host: ServiceMessagingHost,
    private readonly suppliers: SuppliersService,
    private readonly matcher: InvoiceMatchService,
    private readonly exceptions: ApExceptionsStore,
  ) {}

  async receive(input: SupplierInvoiceInput): Promise<InvoiceWithLines> {
    try {
      return await this.host.messaging.outbox.transaction((manager, publish) => {
        const facts: Facts = { publish };
        const ctx: MatchContext = { manager, facts, reply: publish };
        return this.store(ctx, input);
      });
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === '23505'
      )
        throw duplicate(input, error);
      throw error;
    }
  }

  private async store(ctx: MatchContext, input: SupplierInvoiceInput): Promise<InvoiceWithLines> {
    const { manager, facts } = ctx;
    const supplier = await this.suppliers.supplier(manager, input.supplierId);
    if (!supplier) {
      throw new InvalidRequestException([
        { field: 'supplierId', message: `${input.supplierId} is not a supplier of the AP master` },
      ]);
    }
    const { supplierId, supplierInvoiceNumber } = input;
    if (await manager.existsBy(SupplierInvoice, { supplierId, supplierInvoiceNumber }))
      throw duplicate(input);
    const po = input.poNumber ? await lockPurchaseOrder(manager, input.poNumber) : null;
    if (po && po.supplierId === supplierId && po.currency !== input.currency) {
      throw new InvalidRequestException([
        { field: 'currency', message: `must be the currency of PO ${po.poNumber}, ${po.currency}` },
      ]);
    }
    const invoice: SupplierInvoice = {
      invoiceId: randomUUID(),
      supplierId,
      supplierInvoiceNumber,
      documentType: input.documentType,
      invoiceDate: input.invoiceDate,
      receivedAt: new Date(),
      poNumber: input.poNumber,
      taxCents: input.taxCents,
      totalCents: input.totalCents,
      currency: input.currency,
      paymentDueDate:
        input.paymentDueDate ??
        (supplier.paymentTermsDays === null
          ? null
          : addDays(input.invoiceDate, supplier.paymentTermsDays)),
      status: 'RECEIVED',
      matchedAt: null,
      varianceCents: null,
      overriddenBy: null,
      rejectedAt: null,
      rejectedBy: null,
      approvedAt: null,
      approvedCents: null,
      costJournalId: null,
    };
    const lines: SupplierInvoiceLine[] = input.lines.map((line) => ({
      invoiceId: invoice.invoiceId,
      ...line,
    }));
    await manager.insert(SupplierInvoice, invoice);
    await manager.insert(SupplierInvoiceLine, lines);
    await facts.publish(
      Topics.P2pInvoiceV1,
      SupplierInvoiceReceived,
      supplierInvoiceReceivedDraft(invoice, lines),
      { key: invoice.invoiceId },
    );
    this.logger.log({
      msg: `supplier ${invoice.documentType === 'CREDIT_MEMO' ? 'credit memo' : 'invoice'} received`,
      invoiceId: invoice.invoiceId,
      supplierId,
      poNumber: invoice.poNumber,
    });
    if (!po || po.supplierId !== supplierId) {
      await manager.update(
        SupplierInvoice,
        { invoiceId: invoice.invoiceId },
        { status: 'EXCEPTION' },
      );
      await this.exceptions.raise(
        manager,
        { ...invoice, status: 'EXCEPTION' },
        {
          reason: 'NO_PO',
          variances: [
            {
              reason: 'NO_PO',
              invoiceLineNumber: null,
              poLineNumber: null,
              expectedUnitPriceCents: null,
              invoicedUnitPriceCents: null,
              expectedQuantity: null,
              invoicedQuantity: null,
              varianceCents: invoice.totalCents,
            },
          ],
        },
        null,
        facts,
      );
    } else {
      await this.matcher.documentArrived(ctx, po, invoice);
    }
    return this.withLines(manager, invoice.invoiceId);
  }

  private async withLines(manager: EntityManager, invoiceId: string): Promise<InvoiceWithLines> {
    const invoice = await manager.findOneByOrFail(SupplierInvoice, { invoiceId });
    const lines = await manager.find(SupplierInvoiceLine, {
      where: { invoiceId },
      order: { lineNumber: 'ASC' },
    });
    return { invoice, lines };
  }

  async find(invoiceId: string): Promise<InvoiceWithLines | null> {
    const manager = this.dataSource.manager;
    return (await manager.existsBy(SupplierInvoice, { invoiceId }))
      ? this.withLines(manager, invoiceId)
      : null;
  }

  async list(query: InvoiceQuery): Promise<InvoiceWithLines[]> {
    const manager = this.dataSource.manager;
    const where: FindOptionsWhere<SupplierInvoice> = {
      ...(query.poNumber ? { poNumber: query.poNumber } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.supplierId ? { supplierId: query.supplierId } : {}),
      ...(query.documentType ? { documentType: query.documentType } : {}),
    };
    const invoices = await manager.find(SupplierInvoice, {
      where,
      order: { receivedAt: 'DESC' },
      take: query.limit,
    });
    const lines = await manager.find(SupplierInvoiceLine, {
      where: { invoiceId: In(invoices.map((i) => i.invoiceId)) },
      order: { lineNumber: 'ASC' },
    });
    return invoices.map((invoice) => ({
      invoice,
      lines: lines.filter((l) => l.invoiceId === invoice.invoiceId),
    }));
  }
}
