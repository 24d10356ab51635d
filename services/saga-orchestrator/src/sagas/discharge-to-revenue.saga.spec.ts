import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CompleteCoding,
  FinalizeCharges,
  PostRevenueJournal,
  ReconcileEncounterSupplies,
  ReleaseBed,
  RestoreBed,
  ReverseCharges,
  ReverseJournal,
  SubmitClaim,
  UnreconcileEncounterSupplies,
  VoidClaim,
  type EncounterDischarged,
} from '@meridian/contracts';
import { givenSaga, type SagaScript } from '@meridian/saga/testing';
import { dischargeToRevenue } from './discharge-to-revenue.saga.js';

const discharge = {
  encounterId: 'V100^^^BWH',
  patientClass: 'INPATIENT',
  admittedAt: new Date('2026-01-02T09:00:00Z'),
  dischargedAt: new Date('2026-01-05T07:30:00Z'),
  location: { facilityId: 'BWH', unitId: '7N', roomId: '701', bedId: 'A' },
  attendingProviderNpi: '1234567893',
  dischargeDisposition: '01',
  diagnoses: [],
  procedures: [],
  primaryPayerId: 'AETNA',
  primaryPlanId: null,
} as unknown as EncounterDischarged;

const supplies = { chargeableSupplies: [] };
const charges = { chargeIds: ['c-1', 'c-2'], totalAmount: '4200.00', currency: 'USD' };
const coding = { diagnoses: [], procedures: [], drgCode: '871' };
const claim = { claimId: 'CLM-1', revenueCodeTotals: [{ revenueCode: '0110', amount: '4200.00' }] };

/** The saga run to step `n` (1-based), each earlier step answered. */
function atStep(n: number): SagaScript {
  const replies = [{}, supplies, charges, coding, claim, { journalId: 'J-1' }];
  const script = givenSaga(dischargeToRevenue).started(discharge);
  for (const reply of replies.slice(0, n - 1)) script.whenSucceeded(reply);
  return script;
}

const STEPS = [
  ['ReleaseBed', ReleaseBed],
  ['ReconcileEncounterSupplies', ReconcileEncounterSupplies],
  ['FinalizeCharges', FinalizeCharges],
  ['CompleteCoding', CompleteCoding],
  ['SubmitClaim', SubmitClaim],
  ['PostRevenueJournal', PostRevenueJournal],
] as const;

describe('discharge-to-revenue', () => {
  it('runs the six steps of the design in order and completes', () => {
    const script = givenSaga(dischargeToRevenue)
      .started(discharge)
      .expectCommand(ReleaseBed, (c) => assert.equal(c.encounterId, 'V100^^^BWH'))
      .whenSucceeded()
      .expectCommand(ReconcileEncounterSupplies)
      .whenSucceeded(supplies)
      .expectCommand(FinalizeCharges, (c) => assert.deepEqual(c.supplies, []))
      .whenSucceeded(charges)
      .expectCommand(CompleteCoding, (c) => assert.deepEqual(c.chargeIds, ['c-1', 'c-2']))
      .whenSucceeded(coding)
      .expectCommand(SubmitClaim, (c) => {
        assert.equal(c.totalCharge, '4200.00');
        assert.equal(c.payerId, 'AETNA');
      })
      .whenSucceeded(claim)
      .expectCommand(PostRevenueJournal, (c) => assert.equal(c.claimId, 'CLM-1'))
      .whenSucceeded({ journalId: 'J-1' })
      .expectStatus('COMPLETED')
      .expectData({ claimId: 'CLM-1', journalId: 'J-1' });
    assert.equal(script.current.lastError, null);
  });

  for (const [index, [name, command]] of STEPS.entries()) {
    it(`${name}: every attempt timing out suspends the saga, which the next answer completes, nothing undone`, () => {
      atStep(index + 1)
        .expectCommand(command)
        .whenEveryAttemptTimesOut()
        .expectStatus('SUSPENDED', name)
        .expectNoCommand()
        .whenTimerFires('incident-retry')
        .expectCommand(command)
        .expectStatus('SUSPENDED', name)
        .whenEarlierAttemptSucceeds(
          1,
          [{}, supplies, charges, coding, claim, { journalId: 'J-1' }][index],
        )
        .expectStatus(index === 5 ? 'COMPLETED' : 'RUNNING');
    });

    it(`${name}: a rejection no one routes waits on the owning team's task, nothing undone; retry resends`, () => {
      atStep(index + 1)
        .whenRejected('SOMETHING_UNFORESEEN', { field: 'x' })
        .expectStatus('WAITING', name)
        .expectTask({
          type: 'STEP_REJECTED',
          team: 'revenue-integrity',
          reasonCode: 'SOMETHING_UNFORESEEN',
          details: { field: 'x' },
        })
        .expectNoCommand()
        .whenTaskCompleted('retry')
        .expectCommand(command)
        .expectStatus('RUNNING', name);
    });
  }

  it('FinalizeCharges: a missing chargemaster row waits for revenue integrity, then retries', () => {
    atStep(3)
      .whenRejected('CHARGE_CODE_NOT_FOUND', { unitId: '7N', kind: 'ROOM_AND_BOARD' })
      .expectStatus('WAITING', 'FinalizeCharges')
      .expectTask({
        type: 'CHARGEMASTER_ENTRY_MISSING',
        team: 'revenue-integrity',
        reasonCode: 'CHARGE_CODE_NOT_FOUND',
        details: { unitId: '7N', kind: 'ROOM_AND_BOARD' },
      })
      .expectNoCommand()
      .whenTaskCompleted('retry')
      .expectCommand(FinalizeCharges)
      .whenSucceeded(charges)
      .expectCommand(CompleteCoding);
  });

  it('SubmitClaim: a payer missing from the payer master waits for patient financial services, then retries', () => {
    atStep(5)
      .whenRejected('PAYER_UNKNOWN', { payerId: 'NEWPAYER' })
      .expectStatus('WAITING', 'SubmitClaim')
      .expectTask({
        type: 'PAYER_UNKNOWN',
        team: 'patient-financial-services',
        reasonCode: 'PAYER_UNKNOWN',
        details: { payerId: 'NEWPAYER' },
      })
      .expectNoCommand()
      .whenTaskCompleted('retry')
      .expectCommand(SubmitClaim)
      .whenSucceeded(claim)
      .expectCommand(PostRevenueJournal);
  });

  it('FinalizeCharges work item completed with compensate undoes the supplies and the bed', () => {
    atStep(3)
      .whenRejected('CHARGE_CODE_NOT_FOUND', { unitId: '7N' })
      .whenTaskCompleted('compensate')
      .expectCommand(UnreconcileEncounterSupplies)
      .whenSucceeded()
      .expectCommand(RestoreBed)
      .whenSucceeded()
      .expectStatus('COMPENSATED');
  });

  it('an ADT^A13 after completion undoes every step in reverse order', () => {
    const undone = [ReverseJournal, VoidClaim, ReverseCharges, UnreconcileEncounterSupplies];
    const script = atStep(7).expectStatus('COMPLETED').whenCancelled();
    for (const undo of undone) script.expectCommand(undo).whenSucceeded();
    script.expectCommand(RestoreBed, (c) => assert.equal(c.encounterId, 'V100^^^BWH'));
    script.whenSucceeded().expectStatus('COMPENSATED');
  });

  it('a cancellation while FinalizeCharges is unanswered skips its undo (no charge ids known)', () => {
    atStep(3)
      .whenCancelled()
      .expectCommand(UnreconcileEncounterSupplies)
      .whenSucceeded()
      .expectCommand(RestoreBed)
      .whenSucceeded()
      .expectStatus('COMPENSATED');
  });

  it('a refused RestoreBed waits on a COMPENSATION_FAILED task; skip finishes the compensation', () => {
    atStep(2)
      .whenCancelled()
      .expectCommand(UnreconcileEncounterSupplies)
      .whenSucceeded()
      .expectCommand(RestoreBed)
      .whenRejected('BED_REASSIGNED', { unitId: '7N', roomId: '701', bedId: 'A' })
      .expectStatus('WAITING', 'ReleaseBed')
      .expectTask({ type: 'COMPENSATION_FAILED', team: 'revenue-integrity' })
      .whenTaskCompleted('skip')
      .expectStatus('COMPENSATED');
  });

  it('a late reply to an earlier attempt of the current step completes it', () => {
    atStep(1)
      .whenTimerFires('reply-timeout')
      .whenTimerFires('retry')
      .expectCommand(ReleaseBed)
      .whenEarlierAttemptSucceeds(1)
      .expectStatus('RUNNING', 'ReconcileEncounterSupplies')
      .expectCommand(ReconcileEncounterSupplies);
  });

  it('a reply that names no attempt of the current step is ignored', () => {
    const script = atStep(3).whenEarlierAttemptSucceeds(1, supplies);
    assert.equal(script.current.history.at(-1)?.event, 'ignored');
    script.expectStatus('RUNNING', 'FinalizeCharges');
  });
});
