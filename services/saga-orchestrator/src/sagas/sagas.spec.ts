import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RegisteredSaga } from '@meridian/saga';
import { dischargeToRevenue } from './discharge-to-revenue.saga.js';
import { implantToInvoice } from './implant-to-invoice.saga.js';

/** The steps as docs/architecture.md lists them: command, and its compensation if any. */
function outline(saga: RegisteredSaga): string[] {
  return saga.steps.map((s) =>
    s.kind === 'command'
      ? `${s.invoke.command.fullName.split('.').pop()}${s.compensation ? ` / ${s.compensation.command.fullName.split('.').pop()}` : ''}`
      : s.name,
  );
}

describe('saga definitions', () => {
  it('discharge-to-revenue reads as the step list of the design', () => {
    assert.equal(dischargeToRevenue.name, 'discharge-to-revenue');
    assert.deepEqual(outline(dischargeToRevenue), [
      'ReleaseBed / RestoreBed',
      'ReconcileEncounterSupplies / UnreconcileEncounterSupplies',
      'FinalizeCharges / ReverseCharges',
      'CompleteCoding',
      'SubmitClaim / VoidClaim',
      'PostRevenueJournal / ReverseJournal',
    ]);
  });

  it('implant-to-invoice reads as the step list of the design', () => {
    assert.deepEqual(outline(implantToInvoice), [
      'ConfirmImplantUsage / ReverseImplantUsage',
      'CreateBillOnlyPurchaseOrder / CancelPurchaseOrder',
      'PostImplantCharge / ReverseImplantCharge',
      'MatchSupplierInvoice',
      'ApproveInvoiceAndPostCost',
      'RequestReplenishment',
    ]);
  });
});
