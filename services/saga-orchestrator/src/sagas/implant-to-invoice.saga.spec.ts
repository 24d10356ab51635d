import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ApproveInvoiceAndPostCost,
  CancelPurchaseOrder,
  ConfirmImplantUsage,
  CreateBillOnlyPurchaseOrder,
  MatchSupplierInvoice,
  PostImplantCharge,
  RequestReplenishment,
  ReverseImplantCharge,
  ReverseImplantUsage,
  type ImplantUsed,
} from '@meridian/contracts';
import type { SagaData } from '@meridian/saga';
import { givenSaga, type SagaScript } from '@meridian/saga/testing';
import { implantToInvoice } from './implant-to-invoice.saga.js';
import { COMPLETED_BY } from './task-completer.js';

const implant = {
  usageId: '5a0c2f7e-3f5e-4d0b-9a59-2c1f0b7d9e11',
  encounterId: 'V200^^^MGH',
  udi: { deviceIdentifier: '00643169007222', lot: 'L1', serial: 'S1', expiresOn: null },
  usedAt: new Date('2026-01-05T10:15:00Z'),
  quantity: 1,
  consignment: true,
  itemId: null,
  supplierId: null,
  unitId: 'OR-3',
} as unknown as ImplantUsed;

const EXCEPTION = '0b6f1f62-8c55-4f43-a3a1-0f6a3d0e7c11';
const confirmed = { itemId: 'IT-9', supplierId: 'SUP-1', supplierItemNumber: 'M-100' };
const ordered = { poNumber: 'PO-1', totalAmount: '5400.00', currency: 'USD' };
const REPLIES: readonly SagaData[] = [
  confirmed,
  ordered,
  { chargeId: 'CH-1' },
  { invoiceId: 'INV-1', invoicedAmount: '5400.00' },
  {},
  {},
];
const STEPS = [
  ConfirmImplantUsage,
  CreateBillOnlyPurchaseOrder,
  PostImplantCharge,
  MatchSupplierInvoice,
  ApproveInvoiceAndPostCost,
  RequestReplenishment,
] as const;

function atStep(n: number): SagaScript {
  const script = givenSaga(implantToInvoice).started(implant);
  for (const reply of REPLIES.slice(0, n - 1)) script.whenSucceeded(reply);
  return script;
}

describe('implant-to-invoice', () => {
  it('runs the six steps of the design in order and completes', () => {
    let script = givenSaga(implantToInvoice).started(implant);
    for (const [index, command] of STEPS.entries())
      script = script.expectCommand(command).whenSucceeded(REPLIES[index]);
    script.expectStatus('COMPLETED').expectData({ poNumber: 'PO-1', invoiceId: 'INV-1' });
  });

  for (const [index, command] of STEPS.entries()) {
    const name = command.fullName.split('.').pop() ?? '';
    it(`${name}: a technical outage suspends the saga; the operator's retry resumes it`, () => {
      atStep(index + 1)
        .whenEveryAttemptTimesOut()
        .expectStatus('SUSPENDED', name)
        .whenOperatorRetries()
        .expectCommand(command)
        .whenSucceeded(REPLIES[index])
        .expectStatus(index === 5 ? 'COMPLETED' : 'RUNNING');
    });
  }

  for (const [index, command] of STEPS.entries()) {
    const name = command.fullName.split('.').pop() ?? '';
    it(`${name}: a rejection no one routes waits on supply chain; skip with what the step would have answered goes on`, () => {
      atStep(index + 1)
        .whenRejected('SOMETHING_UNFORESEEN')
        .expectStatus('WAITING', name)
        .expectTask({ type: 'STEP_REJECTED', team: 'supply-chain' })
        .whenTaskCompleted('skip', REPLIES[index])
        .expectStatus(index === 5 ? 'COMPLETED' : 'RUNNING');
    });
  }

  it('an unknown implant waits for supply chain, whose input the retried command carries', () => {
    atStep(1)
      .whenRejected('ITEM_NOT_FOUND', { deviceIdentifier: '00643169007222' })
      .expectStatus('WAITING', 'ConfirmImplantUsage')
      .expectTask({ type: 'IMPLANT_ITEM_EXCEPTION', team: 'supply-chain' })
      .whenTaskCompleted('retry', { itemId: 'IT-9', [COMPLETED_BY]: 'supply.lead' })
      .expectCommand(ConfirmImplantUsage)
      .expectData({ itemId: 'IT-9' });
  });

  it('an invoice mismatch waits for accounts payable; skip approves with the invoice they give', () => {
    atStep(4)
      .whenRejected('INVOICE_MATCH_EXCEPTION', { expectedUnitPrice: '5400.00' })
      .expectTask({ type: 'AP_INVOICE_EXCEPTION', team: 'accounts-payable' })
      .whenTaskCompleted('skip', { invoiceId: 'INV-7', invoicedAmount: '5940.00' })
      .expectCommand(ApproveInvoiceAndPostCost, (c) => {
        assert.equal(c.invoiceId, 'INV-7');
        assert.equal(c.amount, '5940.00');
      });
  });

  it('the AP clerk’s decision rides the next match attempt as resolved by the clerk who completed the task, and is cleared once it matched', () => {
    const resolution = { exceptionId: EXCEPTION, action: 'ACCEPT_VARIANCE' };
    atStep(4)
      .expectCommand(MatchSupplierInvoice, (c) => assert.equal(c.resolution, null))
      .whenRejected('INVOICE_MATCH_EXCEPTION', { exceptionId: resolution.exceptionId })
      .expectTask({ type: 'AP_INVOICE_EXCEPTION', team: 'accounts-payable' })
      .whenTaskCompleted('retry', { resolution, [COMPLETED_BY]: 'ap.clerk' })
      .expectCommand(MatchSupplierInvoice, (c) =>
        assert.deepEqual(c.resolution, { ...resolution, resolvedBy: 'ap.clerk', note: null }),
      )
      .whenSucceeded({ invoiceId: 'INV-1', invoicedAmount: '5940.00' })
      .expectCommand(ApproveInvoiceAndPostCost, (c) => assert.equal(c.amount, '5940.00'))
      .expectData({ apResolution: null });
  });

  it('a completion without a well-formed decision, or with no completer, retries the match without one', () => {
    atStep(4)
      .whenRejected('INVOICE_MATCH_EXCEPTION')
      .whenTaskCompleted('retry', {
        resolution: { action: 'PAY_IT_ANYWAY' },
        [COMPLETED_BY]: 'ap.clerk',
      })
      .expectCommand(MatchSupplierInvoice, (c) => assert.equal(c.resolution, null));
    atStep(4)
      .whenRejected('INVOICE_MATCH_EXCEPTION', { exceptionId: EXCEPTION })
      .whenTaskCompleted('retry', {
        resolution: { exceptionId: EXCEPTION, action: 'ACCEPT_VARIANCE' },
      })
      .expectCommand(MatchSupplierInvoice, (c) => assert.equal(c.resolution, null));
  });

  it('an item with no contract price waits for accounts payable, then the order is sent again', () => {
    atStep(2)
      .whenRejected('CONTRACT_PRICE_MISSING', { itemId: 'IT-9' })
      .expectStatus('WAITING', 'CreateBillOnlyPurchaseOrder')
      .expectTask({ type: 'CONTRACT_PRICE_MISSING', team: 'accounts-payable' })
      .whenTaskCompleted('retry')
      .expectCommand(CreateBillOnlyPurchaseOrder);
  });

  it('an owned (not consignment) implant is charged only: no bill-only order, invoice or restock', () => {
    givenSaga(implantToInvoice)
      .started({ ...implant, consignment: true })
      .expectCommand(ConfirmImplantUsage)
      .whenSucceeded({ ...confirmed, consignment: false })
      .expectCommand(PostImplantCharge)
      .whenSucceeded({ chargeId: 'CH-1' })
      .expectStatus('COMPLETED')
      .whenCancelled()
      .expectCommand(ReverseImplantCharge)
      .whenSucceeded()
      .expectCommand(ReverseImplantUsage)
      .whenSucceeded()
      .expectStatus('COMPENSATED');
  });

  it('only a usage that never happened cancels the saga; NOT_IMPLANTED keeps the purchase path', () => {
    const cancels = implantToInvoice.cancelledBy?.when;
    assert.ok(cancels);
    const reversal = (reason: string) => ({ ...implant, reason }) as never;
    assert.equal(cancels(reversal('SCANNED_IN_ERROR')), true);
    assert.equal(cancels(reversal('WRONG_ENCOUNTER')), true);
    assert.equal(cancels(reversal('NOT_IMPLANTED')), false);
    assert.equal(cancels(reversal('SAGA_COMPENSATION')), false);
  });

  it('a missing implant chargemaster row waits for revenue integrity', () => {
    atStep(3)
      .whenRejected('CHARGE_CODE_NOT_FOUND')
      .expectTask({ type: 'CHARGEMASTER_ENTRY_MISSING', team: 'revenue-integrity' })
      .expectStatus('WAITING', 'PostImplantCharge');
  });

  it('a reversed usage after the charge undoes charge, order and usage in reverse order', () => {
    atStep(4)
      .whenCancelled()
      .expectCommand(ReverseImplantCharge, (c) => assert.equal(c.chargeId, 'CH-1'))
      .whenSucceeded()
      .expectCommand(CancelPurchaseOrder, (c) => assert.equal(c.poNumber, 'PO-1'))
      .whenSucceeded()
      .expectCommand(ReverseImplantUsage)
      .whenSucceeded()
      .expectStatus('COMPENSATED');
  });
});
