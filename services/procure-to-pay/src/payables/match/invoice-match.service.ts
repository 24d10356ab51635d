import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  formatCents,
  InvoiceMatched,
  MatchSupplierInvoiceReply,
  SupplierInvoiceRejected,
  Topics,
} from '@meridian/contracts';
import type { ApExceptionResolution, MatchSupplierInvoice } from '@meridian/contracts';
import { CommandRejectedError, commandRef, DEFERRED, sendReply } from '@meridian/saga';
import type { Answer, CommandRef, Outcome, ReplySender, ResultOf } from '@meridian/saga';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import { In, MoreThan } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app.config.js';
import type { Facts } from '../../facts.js';
import { PurchaseOrder } from '../../purchasing/purchase-order.entities.js';
import type { MatchWaitingFor } from '../../purchasing/purchase-order.entities.js';
import {
  keepMatchCommand,
  keptMatchCommand,
  lockPurchaseOrder,
  releaseMatchCommand,
} from '../../purchasing/purchase-order.store.js';
import type { ApException } from '../exceptions/ap-exception.entity.js';
import { ApExceptionsStore } from '../exceptions/ap-exceptions.store.js';
import { SupplierInvoice } from '../invoices/supplier-invoice.entities.js';
import { invoiceMatchedDraft } from '../invoices/supplier-invoice.events.js';
import { currentInvoice, evaluateMatch, netCentsOf } from './match-inputs.js';
import type { Evaluation } from './match-inputs.js';

type MatchReply = MatchSupplierInvoiceReply;
type MatchResult = ResultOf<MatchReply>;

/** A transaction and where its facts and replies go. */
export interface MatchContext {
  readonly manager: EntityManager;
  readonly facts: Facts;
  /** Publishes a saga reply in the same transaction. */
  readonly reply: ReplySender;
}

function resultOf(invoice: SupplierInvoice, netCents: number): MatchResult {
  return {
    invoiceId: invoice.invoiceId,
    supplierInvoiceNumber: invoice.supplierInvoiceNumber,
    matchType: 'THREE_WAY',
    invoicedAmount: formatCents(netCents),
    varianceAmount: formatCents(invoice.varianceCents ?? 0),
    currency: invoice.currency,
  };
}

/**
 * implant-to-invoice step 4: the three-way match of a bill-only PO's supplier invoice (PO line at
 * contract price, the implant usage as receipt, the invoice less its credit memos), answered when
 * the invoice is there: now, or when it arrives (DEFERRED, the command kept on the PO).
 *
 * A match outside tolerance puts the invoice in the AP exception queue and answers FAILED
 * `INVOICE_MATCH_EXCEPTION` (details: exceptionId, exceptionReason, invoiceId,
 * supplierInvoiceNumber, varianceAmount). The failure is sent with `sendReply` rather than thrown,
 * so the exception and its fact commit with the answer (a thrown rejection rolls its writes back).
 */
@Injectable()
export class InvoiceMatchService {
  private readonly logger = new Logger(InvoiceMatchService.name);

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly exceptions: ApExceptionsStore,
  ) {}

  /** The MatchSupplierInvoice command (run by answerCommand, in its savepoint). */
  async match(ctx: MatchContext, command: MatchSupplierInvoice): Promise<Answer<MatchReply>> {
    const { manager } = ctx;
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
    if (po.status === 'CANCELLED') {
      throw new CommandRejectedError('PO_CANCELLED', `purchase order ${po.poNumber} is cancelled`, {
        details: { poNumber: po.poNumber },
      });
    }
    po.receiptUsageId = command.usageId;
    po.receiptQuantity = command.expectedQuantity;
    await manager.update(
      PurchaseOrder,
      { poNumber: po.poNumber },
      { receiptUsageId: command.usageId, receiptQuantity: command.expectedQuantity },
    );
    const ref = commandRef(command);
    const invoice = await currentInvoice(manager, po.poNumber);
    if (invoice && (invoice.status === 'MATCHED' || invoice.status === 'APPROVED')) {
      return resultOf(invoice, await netCentsOf(manager, invoice));
    }
    const open = invoice ? await this.exceptions.unresolvedOf(manager, invoice.invoiceId) : null;
    const decision = command.resolution;
    if (invoice && open && decision?.exceptionId === open.exceptionId) {
      switch (decision.action) {
        case 'ACCEPT_VARIANCE':
          return this.accept(ctx, po, invoice, open, decision, command.sagaId);
        case 'REJECT_INVOICE':
          await this.reject(ctx, invoice, open, decision);
          return this.matchOrWait(ctx, po, ref, 'INVOICE');
        case 'AWAIT_CREDIT_MEMO': {
          await this.exceptions.resolve(manager, open, 'AWAITING_CREDIT_MEMO', decision);
          const since = await manager.existsBy(SupplierInvoice, {
            poNumber: po.poNumber,
            documentType: 'CREDIT_MEMO',
            status: 'RECEIVED',
            receivedAt: MoreThan(open.raisedAt),
          });
          if (since) return this.matchOrWait(ctx, po, ref, 'CREDIT_MEMO');
          await this.wait(manager, po.poNumber, ref, 'CREDIT_MEMO');
          return DEFERRED;
        }
        case 'UNKNOWN':
          break;
      }
    }
    // First attempt, a decision about another exception, or none (master data may have been fixed).
    return this.matchOrWait(ctx, po, ref, 'INVOICE');
  }

  /**
   * A supplier document for `po` (locked) arrived: when a deferred match waits for this kind of
   * document, the match runs now and its answer is sent.
   */
  async documentArrived(
    ctx: MatchContext,
    po: PurchaseOrder,
    document: SupplierInvoice,
  ): Promise<void> {
    const ref = keptMatchCommand(po);
    if (!ref || po.matchWaitingFor !== document.documentType) return;
    const invoice = await currentInvoice(ctx.manager, po.poNumber);
    if (!invoice) return;
    const answer = await this.evaluate(ctx, po, invoice, ref.sagaId);
    // The reply is caused by the command it answers, not by the HTTP request that brought the invoice.
    const publish: ReplySender = (topic, contract, draft, options) =>
      ctx.reply(topic, contract, draft, { ...options, causationId: ref.commandMessageId });
    await sendReply({ manager: ctx.manager, publish }, MatchSupplierInvoiceReply, ref, answer);
  }

  /** Matches the current invoice now, or keeps the command until a document of `waitFor` arrives. */
  private async matchOrWait(
    ctx: MatchContext,
    po: PurchaseOrder,
    ref: CommandRef,
    waitFor: MatchWaitingFor,
  ): Promise<Answer<MatchReply>> {
    const invoice = await currentInvoice(ctx.manager, po.poNumber);
    if (!invoice) {
      await this.wait(ctx.manager, po.poNumber, ref, waitFor);
      return DEFERRED;
    }
    const answer = await this.evaluate(ctx, po, invoice, ref.sagaId);
    if (answer.outcome === 'SUCCEEDED') return answer.result;
    await sendReply(
      { manager: ctx.manager, publish: ctx.reply },
      MatchSupplierInvoiceReply,
      ref,
      answer,
    );
    return DEFERRED; // answered FAILED above, with the exception kept
  }

  private async wait(
    manager: EntityManager,
    poNumber: string,
    ref: CommandRef,
    waitFor: MatchWaitingFor,
  ): Promise<void> {
    await keepMatchCommand(manager, poNumber, ref, waitFor);
    this.logger.log({ msg: `match waits for ${waitFor}`, poNumber, sagaId: ref.sagaId });
  }

  /** Runs the match; MATCHED, or the invoice in the exception queue. No reply is sent here. */
  private async evaluate(
    ctx: MatchContext,
    po: PurchaseOrder,
    invoice: SupplierInvoice,
    sagaId: string,
  ): Promise<Outcome<MatchReply>> {
    const { manager } = ctx;
    const evaluation = await evaluateMatch(manager, po, invoice, this.config.matchTolerance);
    const { outcome } = evaluation;
    await releaseMatchCommand(manager, po.poNumber);
    if (outcome.reason === null) {
      const open = await this.exceptions.unresolvedOf(manager, invoice.invoiceId);
      if (open)
        await this.exceptions.resolve(manager, open, 'RESOLVED_MATCHED', {
          resolvedBy: null,
          note: null,
        });
      return {
        outcome: 'SUCCEEDED',
        result: await this.markMatched(ctx, po, invoice, evaluation, null, sagaId),
      };
    }
    await manager.update(
      SupplierInvoice,
      { invoiceId: invoice.invoiceId },
      { status: 'EXCEPTION' },
    );
    const exception = await this.exceptions.raise(
      manager,
      invoice,
      { reason: outcome.reason, variances: outcome.variances },
      sagaId,
      ctx.facts,
    );
    const varianceAmount = formatCents(outcome.varianceCents);
    this.logger.warn({
      msg: 'invoice match exception',
      poNumber: po.poNumber,
      invoiceId: invoice.invoiceId,
      exceptionId: exception.exceptionId,
      reason: outcome.reason,
      sagaId,
    });
    return {
      outcome: 'FAILED',
      failure: {
        code: 'INVOICE_MATCH_EXCEPTION',
        message: `invoice ${invoice.supplierInvoiceNumber} of PO ${po.poNumber} is outside the match tolerance (${outcome.variances
          .map((v) => v.reason)
          .join(', ')}): AP exception ${exception.exceptionId}`,
        retriable: false,
        details: {
          exceptionId: exception.exceptionId,
          exceptionReason: outcome.reason,
          invoiceId: invoice.invoiceId,
          supplierInvoiceNumber: invoice.supplierInvoiceNumber,
          varianceAmount,
        },
      },
    };
  }

  /** Invoice, its credit memos and the PO MATCHED; InvoiceMatched published. */
  private async markMatched(
    ctx: MatchContext,
    po: PurchaseOrder,
    invoice: SupplierInvoice,
    evaluation: Evaluation,
    overriddenBy: string | null,
    sagaId: string,
  ): Promise<MatchResult> {
    const { manager } = ctx;
    const matched: SupplierInvoice = {
      ...invoice,
      status: 'MATCHED',
      matchedAt: new Date(),
      varianceCents: evaluation.outcome.varianceCents,
      overriddenBy,
    };
    await manager.update(
      SupplierInvoice,
      { invoiceId: invoice.invoiceId },
      {
        status: matched.status,
        matchedAt: matched.matchedAt,
        varianceCents: matched.varianceCents,
        overriddenBy,
      },
    );
    if (evaluation.credits.length > 0) {
      await manager.update(
        SupplierInvoice,
        { invoiceId: In(evaluation.credits.map((c) => c.invoiceId)) },
        { status: 'MATCHED', matchedAt: matched.matchedAt },
      );
    }
    await manager.update(PurchaseOrder, { poNumber: po.poNumber }, { status: 'MATCHED' });
    await ctx.facts.publish(
      Topics.P2pInvoiceV1,
      InvoiceMatched,
      invoiceMatchedDraft(
        matched,
        po.poNumber,
        po.receiptUsageId ? [po.receiptUsageId] : [],
        evaluation.netCents,
        sagaId,
      ),
      { key: invoice.invoiceId },
    );
    this.logger.log({
      msg: overriddenBy ? 'invoice matched, variance accepted by AP' : 'invoice matched',
      poNumber: po.poNumber,
      invoiceId: invoice.invoiceId,
      sagaId,
    });
    return resultOf(matched, evaluation.netCents);
  }

  /** ACCEPT_VARIANCE: the invoice matched as billed, the exception RESOLVED_ACCEPTED. */
  private async accept(
    ctx: MatchContext,
    po: PurchaseOrder,
    invoice: SupplierInvoice,
    open: ApException,
    decision: ApExceptionResolution,
    sagaId: string,
  ): Promise<MatchResult> {
    await this.exceptions.resolve(ctx.manager, open, 'RESOLVED_ACCEPTED', decision);
    const evaluation = await evaluateMatch(ctx.manager, po, invoice, this.config.matchTolerance);
    await releaseMatchCommand(ctx.manager, po.poNumber);
    return this.markMatched(ctx, po, invoice, evaluation, decision.resolvedBy, sagaId);
  }

  /**
   * REJECT_INVOICE: the invoice REJECTED (SupplierInvoiceRejected), the exception RESOLVED_REJECTED;
   * the clerk's decision on a saga's task, or on an exception no saga waits on (NO_PO).
   */
  async reject(
    ctx: Pick<MatchContext, 'manager' | 'facts'>,
    invoice: SupplierInvoice,
    open: ApException,
    decision: ApExceptionResolution,
  ): Promise<void> {
    const rejectedAt = new Date();
    await this.exceptions.resolve(ctx.manager, open, 'RESOLVED_REJECTED', decision);
    await ctx.manager.update(
      SupplierInvoice,
      { invoiceId: invoice.invoiceId },
      { status: 'REJECTED', rejectedAt, rejectedBy: decision.resolvedBy },
    );
    await ctx.facts.publish(
      Topics.P2pInvoiceV1,
      SupplierInvoiceRejected,
      {
        invoiceId: invoice.invoiceId,
        supplierId: invoice.supplierId,
        poNumber: invoice.poNumber,
        exceptionId: open.exceptionId,
        rejectedBy: decision.resolvedBy,
        rejectedAt,
      },
      { key: invoice.invoiceId },
    );
    this.logger.log({
      msg: 'invoice rejected by AP',
      invoiceId: invoice.invoiceId,
      poNumber: invoice.poNumber,
    });
  }
}
