import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { formatCents, InvoiceMatchExceptionRaised, Topics } from '@meridian/contracts';
import { DataSource, In } from 'typeorm';
import type { EntityManager, FindOptionsWhere } from 'typeorm';
import type { Facts } from '../../facts.js';
import { exceptionRaisedDraft } from '../invoices/supplier-invoice.events.js';
import type { SupplierInvoice } from '../invoices/supplier-invoice.entities.js';
import type { Variance } from '../match/three-way-match.js';
import { ApException, UNRESOLVED } from './ap-exception.entity.js';
import type { ExceptionReason, ExceptionStatus, StoredVariance } from './ap-exception.entity.js';

export interface ExceptionQuery {
  readonly status?: ExceptionStatus;
  readonly reason?: ExceptionReason;
  readonly supplierId?: string;
  readonly limit: number;
}

const money = (cents: number | null): string | null => (cents === null ? null : formatCents(cents));

export function storedVariance(v: Variance): StoredVariance {
  return {
    reason: v.reason,
    invoiceLineNumber: v.invoiceLineNumber,
    poLineNumber: v.poLineNumber,
    expectedUnitPrice: money(v.expectedUnitPriceCents),
    invoicedUnitPrice: money(v.invoicedUnitPriceCents),
    expectedQuantity: v.expectedQuantity,
    invoicedQuantity: v.invoicedQuantity,
    varianceAmount: formatCents(v.varianceCents),
  };
}

/** The AP exception queue: raised by the match (or NO_PO at receipt), resolved by AP clerks. */
@Injectable()
export class ApExceptionsStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The invoice's exception still in the queue (OPEN or AWAITING_CREDIT_MEMO), locked. */
  unresolvedOf(manager: EntityManager, invoiceId: string): Promise<ApException | null> {
    return manager.findOne(ApException, {
      where: { invoiceId, status: In([...UNRESOLVED]) },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /**
   * Puts the invoice in the queue with `variances` (reason: the largest one's): its unresolved
   * exception updated and OPEN again, else a new one. InvoiceMatchExceptionRaised is published
   * when the exception (re)enters OPEN, not when an OPEN one is only updated.
   */
  async raise(
    manager: EntityManager,
    invoice: SupplierInvoice,
    found: { reason: ExceptionReason; variances: readonly Variance[] },
    sagaId: string | null,
    facts: Facts,
  ): Promise<ApException> {
    const existing = await this.unresolvedOf(manager, invoice.invoiceId);
    const variances = found.variances.map(storedVariance);
    const exception: ApException = existing
      ? {
          ...existing,
          reason: found.reason,
          variances,
          status: 'OPEN',
          sagaId: sagaId ?? existing.sagaId,
        }
      : {
          exceptionId: randomUUID(),
          invoiceId: invoice.invoiceId,
          poNumber: invoice.poNumber,
          supplierId: invoice.supplierId,
          reason: found.reason,
          variances,
          currency: invoice.currency,
          status: 'OPEN',
          raisedAt: new Date(),
          resolvedAt: null,
          resolvedBy: null,
          resolutionNote: null,
          sagaId,
        };
    await manager.save(ApException, exception);
    if (existing?.status !== 'OPEN') {
      await facts.publish(
        Topics.P2pInvoiceV1,
        InvoiceMatchExceptionRaised,
        exceptionRaisedDraft(exception),
        {
          key: exception.invoiceId,
        },
      );
    }
    return exception;
  }

  /** Closes an exception with the clerk's (or the match's) decision. */
  async resolve(
    manager: EntityManager,
    exception: ApException,
    status: ExceptionStatus,
    by: { resolvedBy: string | null; note: string | null },
  ): Promise<void> {
    await manager.update(
      ApException,
      { exceptionId: exception.exceptionId },
      {
        status,
        resolvedAt: UNRESOLVED.includes(status) ? null : new Date(),
        resolvedBy: by.resolvedBy ?? exception.resolvedBy,
        resolutionNote: by.note ?? exception.resolutionNote,
      },
    );
  }

  find(exceptionId: string): Promise<ApException | null> {
    return this.dataSource.manager.findOneBy(ApException, { exceptionId });
  }

  list(query: ExceptionQuery): Promise<ApException[]> {
    const where: FindOptionsWhere<ApException> = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.reason ? { reason: query.reason } : {}),
      ...(query.supplierId ? { supplierId: query.supplierId } : {}),
    };
    return this.dataSource.manager.find(ApException, {
      where,
      order: { raisedAt: 'DESC' },
      take: query.limit,
    });
  }
}
