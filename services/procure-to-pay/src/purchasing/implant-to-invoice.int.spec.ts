import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import {
  ApproveInvoiceAndPostCost,
  CancelPurchaseOrder,
  CreateBillOnlyPurchaseOrder,
  InvoiceApprovedForPayment,
  InvoiceMatched,
  InvoiceMatchExceptionRaised,
  JournalPosted,
  MatchSupplierInvoice,
  PurchaseOrderCancelled,
  PurchaseOrderCreated,
  SupplierInvoiceReceived,
  SupplierInvoiceRejected,
} from '@meridian/contracts';
import type { ApResolutionAction } from '@meridian/contracts';
import type { Draft } from '@meridian/messaging';
import { decimalOf, roleToken, until } from '@meridian/testing';
import type { JournalDto } from '../ledger/journals/dto/journal.dto.js';
import type {
  ApExceptionDto,
  ApExceptionListDto,
} from '../payables/exceptions/dto/ap-exception.dto.js';
import type { SupplierInvoiceDto } from '../payables/invoices/dto/supplier-invoice.dto.js';
import { bodyOf, problemOf } from '@meridian/service-kit/testing';
import { startLedger } from '../testing/ledger-harness.js';
import type { LedgerHarness } from '../testing/ledger-harness.js';
import type { PurchaseOrderDto, PurchaseOrderListDto } from './dto/purchase-order.dto.js';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex').toUpperCase();

describe('implant-to-invoice in procure-to-pay against the real stack', () => {
  let p2p: LedgerHarness;
  const supplierId = `SUP-${hex(5)}`;
  const itemId = `ITEM-HIP-${hex(4)}`;

  before(async () => {
    p2p = await startLedger();
    await bodyOf(
      await p2p.service.send('PUT', `/suppliers/${supplierId}`, {
        name: 'Orthopaedic implants supplier',
        paymentTermsDays: 30,
      }),
      201,
    );
    await bodyOf(
      await p2p.service.send('PUT', `/suppliers/${supplierId}/contract-prices/${itemId}`, {
        contractId: 'GPO-2026-ORTHO',
        unitPrice: '2450.00',
        currency: 'USD',
        unitOfMeasure: 'EA',
        effectiveFrom: '2026-01-01',
        supplierItemNumber: '6260-4-512',
      }),
      201,
    );
  });

  after(async () => {
    await p2p?.stop();
  });

  /** A CreateBillOnlyPurchaseOrder of a fresh saga: one hip stem used on 4 West. */
  function poCommand(
    overrides: Partial<Draft<CreateBillOnlyPurchaseOrder>> = {},
  ): Draft<CreateBillOnlyPurchaseOrder> {
    return {
      sagaId: randomUUID(),
      sagaType: 'implant-to-invoice',
      stepName: 'CreateBillOnlyPurchaseOrder',
      usageId: randomUUID(),
      encounterId: `V${hex(4)}`,
      supplierId,
      itemId,
      supplierItemNumber: null,
      udi: {
        deviceIdentifier: '07613327123456',
        lotNumber: `L${hex(3)}`,
        serialNumber: `SN${hex(4)}`,
        expirationDate: '2030-01-31',
        issuingAgency: 'GS1',
        manufactureDate: null,
      },
      quantity: 1,
      unitOfMeasure: 'EA',
      usedAt: new Date('2026-03-02T15:30:00Z'),
      costCenter: '4W',
      ...overrides,
    };
  }

  async function createPo(command = poCommand()) {
    const messageId = await p2p.send(CreateBillOnlyPurchaseOrder, command, command.usageId);
    const reply = await p2p.replyTo(messageId);
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    const poNumber = reply.value['poNumber'];
    assert.ok(typeof poNumber === 'string');
    return { command, poNumber, reply };
  }

  function matchCommand(
    po: { command: Draft<CreateBillOnlyPurchaseOrder>; poNumber: string },
    resolution: { exceptionId: string; action: ApResolutionAction } | null = null,
  ): Draft<MatchSupplierInvoice> {
    return {
      sagaId: po.command.sagaId,
      sagaType: 'implant-to-invoice',
      stepName: 'MatchSupplierInvoice',
      poNumber: po.poNumber,
      supplierId,
      usageId: po.command.usageId,
      expectedQuantity: po.command.quantity,
      expectedAmount: '2450.00',
      currency: 'USD',
      resolution: resolution ? { ...resolution, resolvedBy: 'ap.clerk.7', note: 'checked' } : null,
    };
  }

  const sendMatch = (
    po: { command: Draft<CreateBillOnlyPurchaseOrder>; poNumber: string },
    resolution: Parameters<typeof matchCommand>[1] = null,
  ) => p2p.send(MatchSupplierInvoice, matchCommand(po, resolution), po.command.usageId);

  function invoice(poNumber: string | null, overrides: Record<string, unknown> = {}) {
    return {
      supplierId,
      supplierInvoiceNumber: `INV-${hex(5)}`,
      invoiceDate: '2026-03-05',
      poNumber,
      currency: 'USD',
      totalAmount: '2450.00',
      lines: [
        {
          supplierItemNumber: '6260-4-512',
          quantity: 1,
          unitOfMeasure: 'EA',
          unitPrice: '2450.00',
        },
      ],
      ...overrides,
    };
  }

  async function postInvoice(body: unknown, status = 201): Promise<SupplierInvoiceDto> {
    return bodyOf<SupplierInvoiceDto>(
      await p2p.service.send('POST', '/supplier-invoices', body),
      status,
    );
  }

  /** Waits until the PO's match is deferred, waiting for `what`. */
  async function awaiting(poNumber: string, what: 'INVOICE' | 'CREDIT_MEMO'): Promise<void> {
    await until(
      `PO ${poNumber} awaiting ${what}`,
      async () =>
        (await p2p.service.getJson<PurchaseOrderDto>(`/purchase-orders/${poNumber}`)).awaiting ===
        what,
      60_000,
    );
  }

  test('creates a bill-only PO at the contract price on the unit’s cost center; a resend answers the same PO', async () => {
    const po = await createPo();
    assert.match(po.poNumber, /^PO-\d{4}-\d{6,}$/);
    assert.equal(decimalOf(po.reply.value['contractUnitPrice']), '2450.00');
    assert.equal(decimalOf(po.reply.value['totalAmount']), '2450.00');
    assert.equal(po.reply.value['contractId'], 'GPO-2026-ORTHO');
    assert.equal(po.reply.value['currency'], 'USD');

    const stored = await p2p.service.getJson<PurchaseOrderDto>(`/purchase-orders/${po.poNumber}`);
    assert.equal(stored.status, 'OPEN');
    assert.equal(stored.billOnly, true);
    assert.equal(stored.costCenter, 'CC-4W', 'unit 4W maps to its cost center');
    assert.deepEqual(
      stored.lines.map((l) => [
        l.itemId,
        l.lotNumber,
        l.serialNumber,
        l.usageId,
        l.gtin,
        l.contractId,
      ]),
      [
        [
          itemId,
          po.command.udi.lotNumber,
          po.command.udi.serialNumber,
          po.command.usageId,
          '07613327123456',
          'GPO-2026-ORTHO',
        ],
      ],
    );
    const fact = await p2p.fact(PurchaseOrderCreated, po.poNumber);
    assert.equal(fact.value['billOnly'], true);
    const [line] = fact.value['lines'] as Record<string, unknown>[];
    assert.equal(line?.['usageId'], po.command.usageId);
    assert.equal(line?.['serialNumber'], po.command.udi.serialNumber);

    const again = await createPo(po.command);
    assert.equal(again.poNumber, po.poNumber);
    const list = await p2p.service.getJson<PurchaseOrderListDto>(
      `/purchase-orders?encounterId=${po.command.encounterId}`,
    );
    assert.deepEqual(
      list.items.map((p) => p.poNumber),
      [po.poNumber],
    );
  });

  test('refuses an item without a contract price as CONTRACT_PRICE_MISSING, then succeeds once the price is added', async () => {
    const otherItem = `ITEM-KNEE-${hex(4)}`;
    const command = poCommand({ itemId: otherItem });
    const reply = await p2p.replyTo(
      await p2p.send(CreateBillOnlyPurchaseOrder, command, command.usageId),
    );
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, 'CONTRACT_PRICE_MISSING');
    assert.equal(reply.failure?.retriable, false);
    assert.deepEqual(reply.failure?.details, {
      supplierId,
      itemId: otherItem,
      usedOn: '2026-03-02',
    });

    await bodyOf(
      await p2p.service.send('PUT', `/suppliers/${supplierId}/contract-prices/${otherItem}`, {
        contractId: 'LOCAL-9',
        unitPrice: '3100.00',
        currency: 'USD',
        unitOfMeasure: 'EA',
        effectiveFrom: '2026-03-01',
      }),
      201,
    );
    const retried = await createPo(command);
    assert.equal(decimalOf(retried.reply.value['totalAmount']), '3100.00');

    const unknown = poCommand({ supplierId: `SUP-${hex(5)}` });
    const refused = await p2p.replyTo(
      await p2p.send(CreateBillOnlyPurchaseOrder, unknown, unknown.usageId),
    );
    assert.equal(refused.failure?.code, 'SUPPLIER_UNKNOWN');
  });

  test('cancels a PO (compensation) once: CANCELLED, PurchaseOrderCancelled, a resend answers the same', async () => {
    const po = await createPo();
    const cancel: Draft<CancelPurchaseOrder> = {
      sagaId: po.command.sagaId,
      sagaType: 'implant-to-invoice',
      stepName: 'CreateBillOnlyPurchaseOrder',
      compensatedCommandMessageId: randomUUID(),
      poNumber: po.poNumber,
      reason: 'implant usage reversed',
    };
    const first = await p2p.replyTo(
      await p2p.send(CancelPurchaseOrder, cancel, po.command.usageId),
    );
    assert.equal(first.outcome, 'SUCCEEDED');
    const second = await p2p.replyTo(
      await p2p.send(CancelPurchaseOrder, cancel, po.command.usageId),
    );
    assert.equal(second.value['cancelledAt'], first.value['cancelledAt']);
    const stored = await p2p.service.getJson<PurchaseOrderDto>(`/purchase-orders/${po.poNumber}`);
    assert.equal(stored.status, 'CANCELLED');
    const fact = await p2p.fact(PurchaseOrderCancelled, po.poNumber);
    assert.equal(fact.value['reason'], 'implant usage reversed');
    assert.equal((await p2p.factsSoFar(PurchaseOrderCancelled, po.poNumber)).length, 1);
  });

  test('defers the match until the invoice arrives, then answers SUCCEEDED within tolerance and approves with a balanced case-cost journal', async () => {
    const po = await createPo();
    const matchId = await sendMatch(po);
    await awaiting(po.poNumber, 'INVOICE');
    assert.deepEqual(await p2p.repliesSoFar(matchId), [], 'no answer before the invoice');

    // 2450.00 + 40.00: 1.6 %, within 2 %.
    const received = await postInvoice(
      invoice(po.poNumber, {
        totalAmount: '2490.00',
        lines: [
          {
            supplierItemNumber: '6260-4-512',
            quantity: 1,
            unitOfMeasure: 'EA',
            unitPrice: '2490.00',
          },
        ],
      }),
    );
    assert.equal(received.status, 'MATCHED');
    assert.equal(received.paymentDueDate, '2026-04-04', 'invoice date + Net 30');
    const reply = await p2p.replyTo(matchId);
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    assert.equal(reply.value['invoiceId'], received.invoiceId);
    assert.equal(reply.value['supplierInvoiceNumber'], received.supplierInvoiceNumber);
    assert.equal(reply.value['matchType'], 'THREE_WAY');
    assert.equal(decimalOf(reply.value['invoicedAmount']), '2490.00');
    assert.equal(decimalOf(reply.value['varianceAmount']), '40.00');
    await p2p.fact(SupplierInvoiceReceived, received.invoiceId);
    const matched = await p2p.fact(InvoiceMatched, received.invoiceId);
    assert.deepEqual(matched.value['receiptReferences'], [po.command.usageId]);
    assert.equal(matched.value['overriddenBy'], null);
    assert.equal(
      (await p2p.service.getJson<PurchaseOrderDto>(`/purchase-orders/${po.poNumber}`)).status,
      'MATCHED',
    );

    const approve: Draft<ApproveInvoiceAndPostCost> = {
      sagaId: po.command.sagaId,
      sagaType: 'implant-to-invoice',
      stepName: 'ApproveInvoiceAndPostCost',
      invoiceId: received.invoiceId,
      poNumber: po.poNumber,
      supplierId,
      usageId: po.command.usageId,
      encounterId: po.command.encounterId,
      amount: '2490.00',
      currency: 'USD',
      costCenter: '4W',
    };
    const approved = await p2p.replyTo(
      await p2p.send(ApproveInvoiceAndPostCost, approve, po.command.usageId),
    );
    assert.equal(approved.outcome, 'SUCCEEDED', JSON.stringify(approved.failure));
    assert.equal(decimalOf(approved.value['approvedAmount']), '2490.00');
    const journalId = approved.value['costJournalId'];
    assert.ok(typeof journalId === 'string');
    const journal = await p2p.service.getJson<JournalDto>(`/journals/${journalId}`);
    assert.equal(journal.journalType, 'CASE_COST');
    assert.equal(journal.sourceId, received.invoiceId);
    assert.equal(journal.encounterId, po.command.encounterId);
    assert.equal(journal.totalDebit, journal.totalCredit);
    assert.deepEqual(
      journal.lines.map((l) => [l.accountCode, l.costCenter, l.debit, l.credit]),
      [
        ['5110', 'CC-4W', '2490.00', '0.00'],
        ['2000', 'CC-4W', '0.00', '2490.00'],
      ],
    );
    for (const line of journal.lines) {
      assert.match(line.memo ?? '', new RegExp(`${po.poNumber}.*${received.invoiceId}`));
    }
    const posted = await p2p.fact(JournalPosted, journalId);
    assert.equal(posted.value['journalType'], 'CASE_COST');
    const paid = await p2p.fact(InvoiceApprovedForPayment, received.invoiceId);
    assert.equal(paid.value['costJournalId'], journalId);
    const again = await p2p.replyTo(
      await p2p.send(ApproveInvoiceAndPostCost, approve, po.command.usageId),
    );
    assert.equal(again.value['costJournalId'], journalId);
    assert.equal(
      (await p2p.service.getJson<PurchaseOrderDto>(`/purchase-orders/${po.poNumber}`)).status,
      'APPROVED',
    );
  });

  /** Approves the PO's matched invoice for `amount`; the reply. */
  async function approve(
    po: { command: Draft<CreateBillOnlyPurchaseOrder>; poNumber: string },
    invoiceId: string,
    amount: string,
  ) {
    const command: Draft<ApproveInvoiceAndPostCost> = {
      sagaId: po.command.sagaId,
      sagaType: 'implant-to-invoice',
      stepName: 'ApproveInvoiceAndPostCost',
      invoiceId,
      poNumber: po.poNumber,
      supplierId,
      usageId: po.command.usageId,
      encounterId: po.command.encounterId,
      amount,
      currency: 'USD',
      costCenter: po.command.costCenter,
    };
    return p2p.replyTo(await p2p.send(ApproveInvoiceAndPostCost, command, po.command.usageId));
  }

  test('keeps an unmapped unit on the PO and refuses the cost posting as COST_CENTER_UNMAPPED until finance maps it', async () => {
    const unit = `OR${hex(2)}`;
    const po = await createPo(poCommand({ costCenter: unit }));
    assert.equal(
      (await p2p.service.getJson<PurchaseOrderDto>(`/purchase-orders/${po.poNumber}`)).costCenter,
      unit,
    );
    const matchId = await sendMatch(po);
    const billed = await postInvoice(invoice(po.poNumber));
    assert.equal((await p2p.replyTo(matchId)).outcome, 'SUCCEEDED');

    const refused = await approve(po, billed.invoiceId, '2450.00');
    assert.equal(refused.outcome, 'FAILED');
    assert.equal(refused.failure?.code, 'COST_CENTER_UNMAPPED');
    assert.deepEqual(refused.failure?.details, { costCenter: unit });
    assert.equal(
      (await p2p.service.getJson<SupplierInvoiceDto>(`/supplier-invoices/${billed.invoiceId}`))
        .status,
      'MATCHED',
    );

    await bodyOf(
      await p2p.service.send('PUT', `/cost-centers/CC-${unit}`, {
        name: 'Operating room',
        unitId: unit,
      }),
      201,
    );
    const approved = await approve(po, billed.invoiceId, '2450.00');
    assert.equal(approved.outcome, 'SUCCEEDED', JSON.stringify(approved.failure));
    const journal = await p2p.service.getJson<JournalDto>(
      `/journals/${String(approved.value['costJournalId'])}`,
    );
    assert.deepEqual(
      journal.lines.map((l) => l.costCenter),
      [`CC-${unit}`, `CC-${unit}`],
    );
  });

  test('cancels a PO whose invoice is matched but leaves the invoice MATCHED, saying so in the cancellation', async () => {
    const po = await createPo();
    const matchId = await sendMatch(po);
    const billed = await postInvoice(invoice(po.poNumber));
    assert.equal((await p2p.replyTo(matchId)).outcome, 'SUCCEEDED');
    const reply = await p2p.replyTo(
      await p2p.send(
        CancelPurchaseOrder,
        {
          sagaId: po.command.sagaId,
          sagaType: 'implant-to-invoice',
          stepName: 'CreateBillOnlyPurchaseOrder',
          compensatedCommandMessageId: randomUUID(),
          poNumber: po.poNumber,
          reason: 'saga cancelled',
        },
        po.command.usageId,
      ),
    );
    assert.equal(reply.outcome, 'SUCCEEDED');
    assert.equal(
      (await p2p.service.getJson<PurchaseOrderDto>(`/purchase-orders/${po.poNumber}`)).status,
      'CANCELLED',
    );
    assert.equal(
      (await p2p.service.getJson<SupplierInvoiceDto>(`/supplier-invoices/${billed.invoiceId}`))
        .status,
      'MATCHED',
    );
    const fact = await p2p.fact(PurchaseOrderCancelled, po.poNumber);
    assert.equal(
      fact.value['reason'],
      `saga cancelled (AP state kept: invoice ${billed.invoiceId} MATCHED)`,
    );
  });

  test('refuses to approve another amount than the matched one as APPROVAL_AMOUNT_MISMATCH', async () => {
    const po = await createPo();
    const matchId = await sendMatch(po);
    const billed = await postInvoice(invoice(po.poNumber));
    assert.equal((await p2p.replyTo(matchId)).outcome, 'SUCCEEDED');
    const refused = await approve(po, billed.invoiceId, '2500.00');
    assert.equal(refused.failure?.code, 'APPROVAL_AMOUNT_MISMATCH');
    assert.equal(refused.failure?.details?.['matchedAmount'], '2450.00');
  });

  /** A PO whose invoice came in 10 % over the contract: the match FAILED with an open exception. */
  async function priceException() {
    const po = await createPo();
    const billed = await postInvoice(
      invoice(po.poNumber, {
        totalAmount: '2695.00',
        lines: [
          {
            supplierItemNumber: '6260-4-512',
            quantity: 1,
            unitOfMeasure: 'EA',
            unitPrice: '2695.00',
          },
        ],
      }),
    );
    assert.equal(billed.status, 'RECEIVED', 'no match waits yet');
    const reply = await p2p.replyTo(await sendMatch(po));
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.code, 'INVOICE_MATCH_EXCEPTION');
    assert.equal(reply.failure?.retriable, false);
    const exceptionId = reply.failure?.details?.['exceptionId'];
    assert.ok(exceptionId);
    return { po, billed, reply, exceptionId };
  }

  test('refuses an invoice 10 % over the contract price as INVOICE_MATCH_EXCEPTION with an open PRICE_VARIANCE exception', async () => {
    const { po, billed, reply, exceptionId } = await priceException();
    assert.deepEqual(reply.failure?.details, {
      exceptionId,
      exceptionReason: 'PRICE_VARIANCE',
      invoiceId: billed.invoiceId,
      supplierInvoiceNumber: billed.supplierInvoiceNumber,
      varianceAmount: '245.00',
    });
    const exception = await p2p.service.getJson<ApExceptionDto>(`/ap/exceptions/${exceptionId}`);
    assert.equal(exception.status, 'OPEN');
    assert.equal(exception.reason, 'PRICE_VARIANCE');
    assert.equal(exception.poNumber, po.poNumber);
    assert.deepEqual(exception.variances, [
      {
        reason: 'PRICE_VARIANCE',
        invoiceLineNumber: 1,
        poLineNumber: 1,
        expectedUnitPrice: '2450.00',
        invoicedUnitPrice: '2695.00',
        expectedQuantity: 1,
        invoicedQuantity: 1,
        varianceAmount: '245.00',
      },
    ]);
    const raised = await p2p.fact(InvoiceMatchExceptionRaised, billed.invoiceId);
    assert.equal(raised.value['exceptionId'], exceptionId);
    const open = await p2p.service.getJson<ApExceptionListDto>(
      `/ap/exceptions?status=OPEN&supplierId=${supplierId}`,
    );
    assert.ok(open.items.some((e) => e.exceptionId === exceptionId));

    // Sent again without a decision: matched again, the same exception, no second one raised.
    const again = await p2p.replyTo(await sendMatch(po));
    assert.equal(again.failure?.details?.['exceptionId'], exceptionId);
    assert.equal((await p2p.factsSoFar(InvoiceMatchExceptionRaised, billed.invoiceId)).length, 1);
  });

  test('matches the invoice as billed when the AP clerk accepts the variance', async () => {
    const { po, billed, exceptionId } = await priceException();
    const reply = await p2p.replyTo(
      await sendMatch(po, { exceptionId, action: 'ACCEPT_VARIANCE' }),
    );
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    assert.equal(decimalOf(reply.value['invoicedAmount']), '2695.00');
    assert.equal(decimalOf(reply.value['varianceAmount']), '245.00');
    const exception = await p2p.service.getJson<ApExceptionDto>(`/ap/exceptions/${exceptionId}`);
    assert.equal(exception.status, 'RESOLVED_ACCEPTED');
    assert.equal(exception.resolvedBy, 'ap.clerk.7');
    const matched = await p2p.fact(InvoiceMatched, billed.invoiceId);
    assert.equal(matched.value['overriddenBy'], 'ap.clerk.7');
  });

  test('ignores a decision about another exception: the match simply runs again', async () => {
    const { po, exceptionId } = await priceException();
    const reply = await p2p.replyTo(
      await sendMatch(po, { exceptionId: randomUUID(), action: 'ACCEPT_VARIANCE' }),
    );
    assert.equal(reply.outcome, 'FAILED');
    assert.equal(reply.failure?.details?.['exceptionId'], exceptionId);
  });

  test('waits for a corrected invoice when the clerk rejects one, then matches the corrected invoice', async () => {
    const { po, billed, exceptionId } = await priceException();
    const matchId = await sendMatch(po, { exceptionId, action: 'REJECT_INVOICE' });
    await awaiting(po.poNumber, 'INVOICE');
    assert.deepEqual(await p2p.repliesSoFar(matchId), []);
    const rejected = await p2p.service.getJson<SupplierInvoiceDto>(
      `/supplier-invoices/${billed.invoiceId}`,
    );
    assert.equal(rejected.status, 'REJECTED');
    assert.equal(rejected.rejectedBy, 'ap.clerk.7');
    const fact = await p2p.fact(SupplierInvoiceRejected, billed.invoiceId);
    assert.equal(fact.value['exceptionId'], exceptionId);
    assert.equal(
      (await p2p.service.getJson<ApExceptionDto>(`/ap/exceptions/${exceptionId}`)).status,
      'RESOLVED_REJECTED',
    );

    const corrected = await postInvoice(invoice(po.poNumber));
    const reply = await p2p.replyTo(matchId);
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    assert.equal(reply.value['invoiceId'], corrected.invoiceId);
    assert.equal(decimalOf(reply.value['varianceAmount']), '0.00');
  });

  test('waits for the supplier’s credit memo, then matches the invoice less the credit', async () => {
    const { po, billed, exceptionId } = await priceException();
    const matchId = await sendMatch(po, { exceptionId, action: 'AWAIT_CREDIT_MEMO' });
    await awaiting(po.poNumber, 'CREDIT_MEMO');
    assert.equal(
      (await p2p.service.getJson<ApExceptionDto>(`/ap/exceptions/${exceptionId}`)).status,
      'AWAITING_CREDIT_MEMO',
    );

    const credit = await postInvoice(
      invoice(po.poNumber, {
        documentType: 'CREDIT_MEMO',
        totalAmount: '245.00',
        lines: [
          {
            supplierItemNumber: '6260-4-512',
            quantity: 1,
            unitOfMeasure: 'EA',
            unitPrice: '245.00',
          },
        ],
      }),
    );
    assert.equal(credit.documentType, 'CREDIT_MEMO');
    const reply = await p2p.replyTo(matchId);
    assert.equal(reply.outcome, 'SUCCEEDED', JSON.stringify(reply.failure));
    assert.equal(reply.value['invoiceId'], billed.invoiceId);
    assert.equal(decimalOf(reply.value['invoicedAmount']), '2450.00');
    assert.equal(
      (await p2p.service.getJson<ApExceptionDto>(`/ap/exceptions/${exceptionId}`)).status,
      'RESOLVED_MATCHED',
    );
  });

  test('refuses an invoice for two implants when one was used as a QUANTITY_VARIANCE', async () => {
    const po = await createPo();
    const billed = await postInvoice(
      invoice(po.poNumber, {
        totalAmount: '4900.00',
        lines: [
          {
            supplierItemNumber: '6260-4-512',
            quantity: 2,
            unitOfMeasure: 'EA',
            unitPrice: '2450.00',
          },
        ],
      }),
    );
    const reply = await p2p.replyTo(await sendMatch(po));
    assert.equal(reply.failure?.code, 'INVOICE_MATCH_EXCEPTION');
    assert.equal(reply.failure?.details?.['exceptionReason'], 'QUANTITY_VARIANCE');
    const exception = await p2p.service.getJson<ApExceptionDto>(
      `/ap/exceptions/${reply.failure?.details?.['exceptionId']}`,
    );
    assert.equal(exception.invoiceId, billed.invoiceId);
    assert.deepEqual(
      exception.variances.map((v) => [
        v.reason,
        v.expectedQuantity,
        v.invoicedQuantity,
        v.varianceAmount,
      ]),
      [['QUANTITY_VARIANCE', 1, 2, '2450.00']],
    );
  });

  test('keeps an invoice naming no known PO and raises a NO_PO exception', async () => {
    const stored = await postInvoice(invoice(`PO-1999-${hex(3)}`));
    assert.equal(stored.status, 'EXCEPTION');
    const raised = await p2p.fact(InvoiceMatchExceptionRaised, stored.invoiceId);
    assert.equal(raised.value['reason'], 'NO_PO');
    const list = await p2p.service.getJson<ApExceptionListDto>(
      `/ap/exceptions?reason=NO_PO&supplierId=${supplierId}`,
    );
    assert.ok(list.items.some((e) => e.invoiceId === stored.invoiceId && e.status === 'OPEN'));
    const found = await p2p.service.getJson<{ items: SupplierInvoiceDto[] }>(
      `/supplier-invoices?status=EXCEPTION&supplierId=${supplierId}`,
    );
    assert.ok(found.items.some((i) => i.invoiceId === stored.invoiceId));
  });

  test('an AP clerk rejects a NO_PO invoice no saga waits on; a saga’s exception is decided on its task (409)', async () => {
    const stored = await postInvoice(invoice(`PO-1999-${hex(3)}`));
    const { exceptionId } = (await p2p.fact(InvoiceMatchExceptionRaised, stored.invoiceId)).value;
    const path = `/ap/exceptions/${String(exceptionId)}/reject`;
    const clerk = { authorization: `Bearer ${await roleToken('ap-clerk')}` };
    const named = await problemOf(
      await p2p.service.send('POST', path, { note: 'x', resolvedBy: 'someone' }, clerk),
      400,
    );
    assert.deepEqual(
      named.errors?.map((e) => e.field),
      ['resolvedBy'],
    );
    assert.equal(
      (await p2p.service.getJson<ApExceptionDto>(`/ap/exceptions/${String(exceptionId)}`)).status,
      'OPEN',
      'a refused rejection changes nothing',
    );

    const note = 'PO number not ours: corrected invoice requested';
    const rejected = await bodyOf<ApExceptionDto>(
      await p2p.service.send('POST', path, { note }, clerk),
      200,
    );
    assert.equal(rejected.status, 'RESOLVED_REJECTED');
    assert.equal(rejected.resolvedBy, 'ap-clerk');
    assert.equal(rejected.resolutionNote, note);
    const invoiceNow = await p2p.service.getJson<SupplierInvoiceDto>(
      `/supplier-invoices/${stored.invoiceId}`,
    );
    assert.equal(invoiceNow.status, 'REJECTED');
    assert.equal(invoiceNow.rejectedBy, 'ap-clerk');
    const fact = await p2p.fact(SupplierInvoiceRejected, stored.invoiceId);
    assert.equal(fact.value['exceptionId'], exceptionId);
    await problemOf(await p2p.service.send('POST', path, undefined, clerk), 409);

    const { exceptionId: sagas } = await priceException();
    const problem = await problemOf(
      await p2p.service.send('POST', `/ap/exceptions/${String(sagas)}/reject`, undefined, clerk),
      409,
    );
    assert.match(problem.detail ?? '', /saga .* waits on this exception/);
    await problemOf(await p2p.service.send('POST', `/ap/exceptions/${randomUUID()}/reject`), 404);
  });

  test('refuses a duplicate supplier invoice number with 409 and an invalid invoice with 400 naming every field', async () => {
    const po = await createPo();
    const body = invoice(po.poNumber);
    await postInvoice(body);
    const conflict = await problemOf(
      await p2p.service.send('POST', '/supplier-invoices', body),
      409,
    );
    assert.deepEqual(
      conflict.errors?.map((e) => e.field),
      ['supplierInvoiceNumber'],
    );
    const otherCurrency = await problemOf(
      await p2p.service.send(
        'POST',
        '/supplier-invoices',
        invoice(po.poNumber, { currency: 'EUR' }),
      ),
      400,
    );
    assert.deepEqual(
      otherCurrency.errors?.map((e) => e.field),
      ['currency'],
    );

    const invalid = await problemOf(
      await p2p.service.send('POST', '/supplier-invoices', {
        ...invoice(po.poNumber),
        invoiceDate: '2026-02-30',
        lines: [
          { quantity: 1, unitOfMeasure: 'EA', unitPrice: 2450 },
          { quantity: 0, unitOfMeasure: 'each', unitPrice: '1.00', lineAmount: '2.00' },
        ],
      }),
      400,
    );
    assert.deepEqual(
      invalid.errors?.map((e) => e.field),
      ['invoiceDate', 'lines[0].unitPrice', 'lines[1].quantity', 'lines[1].unitOfMeasure'],
    );
  });

  test('receives an invoice as CSV, one row per line, and names a bad cell by row and column', async () => {
    const po = await createPo();
    const number = `INV-${hex(5)}`;
    const header =
      'supplierId,supplierInvoiceNumber,invoiceDate,poNumber,currency,totalAmount,lineNumber,supplierItemNumber,quantity,unitOfMeasure,unitPrice';
    const bad = [
      header,
      `${supplierId},${number},2026-03-05,${po.poNumber},USD,2450.00,1,6260-4-512,1,EA,24.50.0`,
    ].join('\n');
    const problem = await problemOf(await p2p.service.send('POST', '/supplier-invoices', bad), 400);
    assert.deepEqual(
      problem.errors?.map((e) => e.field),
      ['row 1: unitPrice'],
    );
    const good = [
      header,
      `${supplierId},${number},2026-03-05,${po.poNumber},USD,2450.00,1,6260-4-512,1,EA,2450.00`,
    ].join('\n');
    const stored = await postInvoice(good);
    assert.equal(stored.supplierInvoiceNumber, number);
    assert.equal(stored.totalAmount, '2450.00');
    assert.equal(stored.lines.length, 1);
  });
});
