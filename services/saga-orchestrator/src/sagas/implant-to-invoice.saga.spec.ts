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

const confirmed = { itemId: 'IT-9', supplierId: 'SUP-1', supplierItemNumber: 'M-100' };
const ordered = { poNumber: 'PO-1', totalAmount: '5400.00', currency: 'USD' };
const REPLIES: readonly SagaData[] = [
  confirmed,
  ordered,
  { chargeId: 'CH-1' },
  { invoiceId: 'INV-1' },
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
      .whenTaskCompleted('retry', { itemId: 'IT-9' })
      .expectCommand(ConfirmImplantUsage)
      .expectData({ itemId: 'IT-9' });
  });

  it('an invoice mismatch waits for accounts payable; skip approves with the invoice they give', () => {
    atStep(4)
      .whenRejected('INVOICE_MATCH_EXCEPTION', { expectedUnitPrice: '5400.00' })
      .expectTask({ type: 'AP_INVOICE_EXCEPTION', team: 'accounts-payable' })
      .whenTaskCompleted('skip', { invoiceId: 'INV-7' })
      .expectCommand(ApproveInvoiceAndPostCost, (c) => assert.equal(c.invoiceId, 'INV-7'));
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
