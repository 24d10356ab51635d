import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  formatCents,
  InvoiceApprovedForPayment,
  JournalPosted,
  localDate,
  parseCents,
  Topics,
} from '@meridian/contracts';
import type {
  ApproveInvoiceAndPostCost,
  ApproveInvoiceAndPostCostReply,
} from '@meridian/contracts';
import { CommandRejectedError } from '@meridian/saga';
import type { ResultOf } from '@meridian/saga';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app.config.js';
import type { Facts } from '../../facts.js';
import { GlAccount } from '../../ledger/chart/chart.entities.js';
import { ChartService } from '../../ledger/chart/chart.service.js';
import { buildCaseCostJournalLines, newJournalId } from '../../ledger/journals/journal-builder.js';
import { journalPostedDraft } from '../../ledger/journals/journal-events.js';
import { JournalStore } from '../../ledger/journals/journal.store.js';
import { PurchaseOrder } from '../../purchasing/purchase-order.entities.js';
import { SupplierInvoice } from '../invoices/supplier-invoice.entities.js';
import { netCentsOf } from '../match/match-inputs.js';

type ApproveResult = ResultOf<ApproveInvoiceAndPostCostReply>;

const resultOf = (invoice: SupplierInvoice): ApproveResult => ({
  approvedAt: invoice.approvedAt,
  approvedAmount: invoice.approvedCents === null ? null : formatCents(invoice.approvedCents),
  currency: invoice.currency,
  costJournalId: invoice.costJournalId,
});

function reject(code: string, message: string, details: Record<string, string>): never {
  throw new CommandRejectedError(code, message, { retriable: false, details });
}

/**
 * implant-to-invoice step 5: a matched invoice approved for payment, with its case-cost journal
 * (DEBIT implant expense on the case's cost center, CREDIT accounts payable), once per invoice.
 */
@Injectable()
export class InvoiceApprovalService {
  private readonly logger = new Logger(InvoiceApprovalService.name);

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly chart: ChartService,
    private readonly journals: JournalStore,
  ) {}

  /**
   * Fails INVOICE_NOT_FOUND, INVOICE_NOT_MATCHED, APPROVAL_AMOUNT_MISMATCH (the amount is not the
   * matched invoice less credit memos), COST_CENTER_UNMAPPED (the unit has no cost center of the
   * chart), GL_ACCOUNT_MISSING (IMPLANT_EXPENSE_ACCOUNT or AP_LIABILITY_ACCOUNT not in the chart).
   */
  async approve(
    manager: EntityManager,
    command: ApproveInvoiceAndPostCost,
    facts: Facts,
  ): Promise<ApproveResult> {
    const invoice = await manager.findOne(SupplierInvoice, {
      where: { invoiceId: command.invoiceId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!invoice || invoice.poNumber !== command.poNumber || invoice.documentType !== 'INVOICE')
      reject(
        'INVOICE_NOT_FOUND',
        `invoice ${command.invoiceId} of PO ${command.poNumber} does not exist`,
        {
          invoiceId: command.invoiceId,
          poNumber: command.poNumber,
        },
      );
    if (invoice.status === 'APPROVED') return resultOf(invoice);
    if (invoice.status !== 'MATCHED')
      reject(
        'INVOICE_NOT_MATCHED',
        `invoice ${invoice.invoiceId} is ${invoice.status}, not MATCHED`,
        {
          invoiceId: invoice.invoiceId,
          status: invoice.status,
        },
      );
    const amountCents = await netCentsOf(manager, invoice);
    if (parseCents(command.amount) !== amountCents || command.currency !== invoice.currency)
      reject(
        'APPROVAL_AMOUNT_MISMATCH',
        `the matched amount of invoice ${invoice.invoiceId} is ${formatCents(amountCents)} ${invoice.currency}, not ${command.amount} ${command.currency}`,
        {
          invoiceId: invoice.invoiceId,
          matchedAmount: formatCents(amountCents),
          currency: invoice.currency,
        },
      );
    const po = await manager.findOneByOrFail(PurchaseOrder, { poNumber: invoice.poNumber });
    const costCenter = await this.chart.costCenterOf(manager, command.costCenter ?? po.costCenter);
    if (!(await this.chart.isCostCenter(manager, costCenter)))
      reject(
        'COST_CENTER_UNMAPPED',
        `${costCenter} is neither a cost center nor the unit of one: map it (PUT /cost-centers/:code with unitId), then retry`,
        { costCenter },
      );
    const { implantExpenseAccount, apLiabilityAccount } = this.config;
    for (const code of [implantExpenseAccount, apLiabilityAccount]) {
      if (!(await manager.existsBy(GlAccount, { code })))
        reject('GL_ACCOUNT_MISSING', `account ${code} is not in the chart of accounts`, {
          accountCode: code,
        });
    }
    const lines = buildCaseCostJournalLines({
      invoiceId: invoice.invoiceId,
      supplierInvoiceNumber: invoice.supplierInvoiceNumber,
      poNumber: po.poNumber,
      encounterId: command.encounterId,
      expenseAccount: implantExpenseAccount,
      payablesAccount: apLiabilityAccount,
      costCenter,
      amountCents,
    });
    const approvedAt = new Date();
    const postingDate = localDate(approvedAt, this.config.facilityTimeZone);
    const journal = await this.journals.insert(
      manager,
      {
        journalId: newJournalId(postingDate),
        journalType: 'CASE_COST',
        companyCode: this.config.companyCode,
        sourceType: 'INVOICE',
        sourceId: invoice.invoiceId,
        encounterId: command.encounterId,
        payerId: null,
        patientClass: null,
        postingDate,
        currency: invoice.currency,
        reversesJournalId: null,
        reversalReason: null,
        sagaId: command.sagaId,
      },
      lines,
    );
    const approved: SupplierInvoice = {
      ...invoice,
      status: 'APPROVED',
      approvedAt,
      approvedCents: amountCents,
      costJournalId: journal.journalId,
    };
    await manager.update(
      SupplierInvoice,
      { invoiceId: invoice.invoiceId },
      {
        status: 'APPROVED',
        approvedAt,
        approvedCents: amountCents,
        costJournalId: journal.journalId,
      },
    );
    await manager.update(PurchaseOrder, { poNumber: po.poNumber }, { status: 'APPROVED' });
    await facts.publish(Topics.P2pJournalV1, JournalPosted, journalPostedDraft(journal, lines), {
      key: journal.journalId,
    });
    await facts.publish(
      Topics.P2pInvoiceV1,
      InvoiceApprovedForPayment,
      {
        invoiceId: invoice.invoiceId,
        supplierId: invoice.supplierId,
        poNumber: po.poNumber,
        approvedAmount: formatCents(amountCents),
        currency: invoice.currency,
        approvedAt,
        approvedBy: null,
        paymentDueDate: invoice.paymentDueDate,
        costJournalId: journal.journalId,
        sagaId: command.sagaId,
      },
      { key: invoice.invoiceId },
    );
    this.logger.log({
      msg: 'invoice approved for payment, case cost posted',
      invoiceId: invoice.invoiceId,
      poNumber: po.poNumber,
      journalId: journal.journalId,
      encounterId: command.encounterId,
      sagaId: command.sagaId,
    });
    return resultOf(approved);
  }
}
