import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decide,
  initialState,
  type RegisteredSaga,
  type SagaEvent,
  type SagaState,
} from '@meridian/saga';
import { dischargeToRevenue } from './discharge-to-revenue.saga.js';
import { implantToInvoice } from './implant-to-invoice.saga.js';

const now = new Date('2026-11-22T12:00:00Z');

/** The steps as ARCHITECTURE.md lists them: command, and its compensation if any. */
function outline(saga: RegisteredSaga): string[] {
  return saga.steps.map((s) =>
    s.kind === 'command'
      ? `${s.invoke.command.fullName.split('.').pop()}${s.compensation ? ` / ${s.compensation.command.fullName.split('.').pop()}` : ''}`
      : s.name,
  );
}

/** Replies SUCCEEDED to every command the saga sends until it stops waiting on one. */
function runToEnd(saga: RegisteredSaga, state: SagaState, sent: string[]): SagaState {
  let current = state;
  for (
    let guard = 0;
    guard < 20 && current.status !== 'COMPLETED' && current.status !== 'COMPENSATED';
    guard += 1
  ) {
    const step = saga.steps[current.stepIndex];
    if (step?.kind !== 'command') break;
    const id = `cmd-${sent.length}`;
    const waiting = { ...current, pendingCommandId: id };
    const invocation = current.direction === 'forward' ? step.invoke : step.compensation;
    sent.push(invocation?.command.fullName.split('.').pop() ?? '?');
    const reply: SagaEvent = {
      type: 'reply',
      stepName: step.name,
      commandMessageId: id,
      succeeded: true,
      failure: null,
      reply: {},
    };
    current = decide(saga, waiting, reply, now).state;
  }
  return current;
}

describe('saga definitions', () => {
  it('discharge-to-revenue reads as ARCHITECTURE.md lists it', () => {
    assert.equal(dischargeToRevenue.name, 'discharge-to-revenue');
    assert.deepEqual(outline(dischargeToRevenue), [
      'ReleaseBed / RestoreBed',
      'ReconcileEncounterSupplies',
      'FinalizeCharges / ReverseCharges',
      'CompleteCoding',
      'SubmitClaim / VoidClaim',
      'PostRevenueJournal / ReverseJournal',
    ]);
  });

  it('implant-to-invoice reads as ARCHITECTURE.md lists it', () => {
    assert.deepEqual(outline(implantToInvoice), [
      'ConfirmImplantUsage / ReverseImplantUsage',
      'CreateBillOnlyPurchaseOrder / CancelPurchaseOrder',
      'PostImplantCharge / ReverseImplantCharge',
      'MatchSupplierInvoice',
      'ApproveInvoiceAndPostCost',
      'RequestReplenishment',
    ]);
  });

  it('a discharge completes, and its cancellation (A13) undoes the steps in reverse order', () => {
    const sent: string[] = [];
    const started = decide(
      dischargeToRevenue,
      initialState(),
      { type: 'start', data: { encounterId: 'V1001' } },
      now,
    ).state;
    const done = runToEnd(dischargeToRevenue, started, sent);
    assert.equal(done.status, 'COMPLETED');
    const cancelled = decide(dischargeToRevenue, done, { type: 'cancel' }, now).state;
    const undone = runToEnd(dischargeToRevenue, cancelled, sent);
    assert.equal(undone.status, 'COMPENSATED');
    assert.deepEqual(sent, [
      'ReleaseBed',
      'ReconcileEncounterSupplies',
      'FinalizeCharges',
      'CompleteCoding',
      'SubmitClaim',
      'PostRevenueJournal',
      'ReverseJournal',
      'VoidClaim',
      'ReverseCharges',
      'RestoreBed',
    ]);
  });
});
