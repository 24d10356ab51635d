import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { ProblemException, ServiceMessagingHost } from '@meridian/service-kit';
import { SupplierInvoice } from '../invoices/supplier-invoice.entities.js';
import { InvoiceMatchService } from '../match/invoice-match.service.js';
import { ApException, UNRESOLVED } from './ap-exception.entity.js';
import type { RejectionInput } from './ap-exception.requests.js';

export const EXCEPTION_NOT_OPEN = 'urn:meridian:problem:p2p:ap-exception-not-open';
export const DECIDED_ON_SAGA_TASK = 'urn:meridian:problem:p2p:ap-exception-of-a-saga';

/**
 * An AP clerk's rejection of the invoice of an exception no saga waits on: an invoice naming no PO
 * of its supplier (NO_PO), or one that arrived before any match asked for it. An exception a saga
 * waits on is decided on that saga's accounts-payable task, whose completion carries the decision
 * to the match (409 here, naming the saga).
 */
@Injectable()
export class ApExceptionRejectionService {
  constructor(
    private readonly host: ServiceMessagingHost,
    private readonly matcher: InvoiceMatchService,
  ) {}

  reject(exceptionId: string, resolvedBy: string, input: RejectionInput): Promise<ApException> {
    return this.host.messaging.outbox.transaction(async (manager, publish) => {
      const open = await manager.findOne(ApException, {
        where: { exceptionId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!open) throw new NotFoundException(`AP exception ${exceptionId} does not exist`);
      if (open.sagaId !== null)
        throw new ProblemException(HttpStatus.CONFLICT, {
          type: DECIDED_ON_SAGA_TASK,
          title: 'Decided on the saga task',
          detail: `saga ${open.sagaId} waits on this exception: decide on its accounts-payable task`,
        });
      if (!UNRESOLVED.includes(open.status))
        throw new ProblemException(HttpStatus.CONFLICT, {
          type: EXCEPTION_NOT_OPEN,
          title: 'Exception not open',
          detail: `AP exception ${exceptionId} is ${open.status}`,
        });
      const invoice = await manager.findOneByOrFail(SupplierInvoice, { invoiceId: open.invoiceId });
      await this.matcher.reject({ manager, facts: { publish } }, invoice, open, {
        exceptionId,
        action: 'REJECT_INVOICE',
        resolvedBy,
        note: input.note,
      });
      return manager.findOneByOrFail(ApException, { exceptionId });
    });
  }
}
