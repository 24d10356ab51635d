import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  FinalizeCharges,
  ReleaseBed,
  RestoreBed,
  ReverseCharges,
  SubmitClaim,
  EncounterDischarged,
  Topics,
} from '@meridian/contracts';
import { hours, minutes, need, seconds, stepExpectedBy, type SagaData } from '../definition.js';
import { defineSaga, finalRejection, workItem } from '../dsl.js';
import { givenSaga } from '../testing/saga-script.js';
import { decide, IllegalTransitionError, initialState } from './decide.js';

// The engine's rules, on a small saga of real contracts: a bed, charges, a coder's review (a wait
// step with a task), a claim.
type Data = SagaData & { readonly encounterId: string; readonly chargeIds?: readonly string[] };

const saga = defineSaga<Data>('engine-rules', 1)
  .startedBy(EncounterDischarged, {
    topic: Topics.ClinicalEncounterV1,
    businessKey: (e) => e.encounterId,
    data: (e) => ({ encounterId: e.encounterId }),
  })
  .policy({
    replyTimeoutMs: minutes(1),
    retry: { attempts: 2, initialDelayMs: seconds(1), multiplier: 2, maxDelayMs: seconds(4) },
    incident: { backoffMs: seconds(10), maxBackoffMs: seconds(40), windowMs: minutes(2) },
    team: 'operations',
    escalateAfterMs: hours(4),
  })
  .step('ReleaseBed')
  .invoke(ReleaseBed, (d) => ({
    encounterId: d.encounterId,
    location: { facilityId: 'MGH', unitId: '4W', roomId: '401', bedId: 'A' },
    dischargedAt: '2026-01-05T08:00:00Z',
  }))
  .compensateWith(RestoreBed, (d) => ({
    encounterId: d.encounterId,
    location: { facilityId: 'MGH', unitId: '4W', roomId: '401', bedId: 'A' },
    reason: 'test',
  }))
  .step('FinalizeCharges')
  .invoke(FinalizeCharges, () => ({}) as never)
  .onReply((d, r) => ({ ...d, chargeIds: need(r, 'chargeIds') }))
  .compensateWith(ReverseCharges, (d) => ({
    encounterId: d.encounterId,
    chargeIds: need(d, 'chargeIds'),
    reason: 'test',
  }))
  .onRejection('PATIENT_DECEASED_BEFORE_ADMISSION', finalRejection)
  .onRejection(
    'CHARGE_CODE_NOT_FOUND',
    workItem({ type: 'CHARGEMASTER_ENTRY_MISSING', team: 'ri' }),
  )
  .wait('Review', {
    task: {
      type: 'CODING_REVIEW',
      team: 'coders',
      escalateAfterMs: hours(1),
      onComplete: (d, input) => ({ ...d, ...input }),
    },
  })
  .step('SubmitClaim')
  .invoke(SubmitClaim, (d) => ({ claimId: need(d, 'claimId') }) as never)
  .build();

const discharge = { encounterId: 'E-1' };
const charged = () =>
  givenSaga(saga)
    .started(discharge)
    .whenSucceeded()
    .whenSucceeded({ chargeIds: ['c-1'] });

describe('decide', () => {
  it('a trigger more than one topic carries must name its topic (no saga from non-production events)', () => {
    const unnamed = () =>
      defineSaga<Data>('ambiguous', 1).startedBy(EncounterDischarged, {
        businessKey: (e) => e.encounterId,
        data: (e) => ({ encounterId: e.encounterId }),
      });
    assert.throws(
      unnamed,
      /carried by 2 topics \(clinical\.encounter\.v1, clinical\.encounter\.nonprod\.v1\)/,
    );
  });

  it('waits on a wait step’s task, escalates it when due, and goes on when it is completed', () => {
    charged()
      .expectStatus('WAITING', 'Review')
      .expectTask({ type: 'CODING_REVIEW', team: 'coders', escalateAfterMs: hours(1) })
      .whenTimerFires('escalation')
      .expectStatus('WAITING', 'Review')
      .whenTaskCompleted(null, { claimId: 'CLM-1' })
      .expectCommand(SubmitClaim)
      .expectStatus('RUNNING', 'SubmitClaim');
  });

  it('a command the saga data cannot build fails the saga, naming the missing field', () => {
    const script = charged().whenTaskCompleted('skip');
    script.expectStatus('FAILED', 'SubmitClaim').expectNoCommand();
    assert.equal(script.current.lastError?.code, 'COMMAND_NOT_BUILT');
    assert.match(script.current.lastError?.message ?? '', /claimId/);
  });

  it('a reply without what the step folds in waits on the owning team (REPLY_INCOMPLETE)', () => {
    const script = givenSaga(saga).started(discharge).whenSucceeded().whenSucceeded({});
    script
      .expectStatus('WAITING', 'FinalizeCharges')
      .expectTask({ type: 'STEP_REJECTED', team: 'operations', reasonCode: 'REPLY_INCOMPLETE' });
    assert.match(script.current.lastError?.message ?? '', /chargeIds/);
  });

  it('a rejection marked final compensates the steps done before it', () => {
    givenSaga(saga)
      .started(discharge)
      .whenSucceeded()
      .whenRejected('PATIENT_DECEASED_BEFORE_ADMISSION')
      .expectCommand(RestoreBed)
      .whenSucceeded()
      .expectStatus('COMPENSATED');
  });

  it('incident retries back off exponentially up to the cap, and stop after the window', () => {
    const script = givenSaga(saga).started(discharge).whenEveryAttemptTimesOut();
    script.expectStatus('SUSPENDED', 'ReleaseBed');
    const due: string[] = [];
    for (
      let i = 0;
      i < 6 && script.current.history.at(-1)?.event !== 'incident-window-exhausted';
      i += 1
    ) {
      script
        .whenTimerFires('incident-retry')
        .expectCommand(ReleaseBed)
        .whenTimerFires('reply-timeout');
      due.push(script.current.history.at(-1)?.event ?? '');
    }
    assert.equal(script.current.history.at(-1)?.event, 'incident-window-exhausted');
    script.expectStatus('SUSPENDED').expectNoCommand();
    assert.equal(script.current.incident?.retries, due.length);
    script.whenOperatorRetries().expectCommand(ReleaseBed).expectStatus('RUNNING');
    assert.equal(script.current.incident, null);
  });

  it('a stale timer changes nothing but the history', () => {
    const script = givenSaga(saga).started(discharge).whenSucceeded();
    const before = script.current;
    const stale = {
      kind: 'reply-timeout',
      stepIndex: 0,
      direction: 'forward',
      attempt: 1,
    } as const;
    const decision = decide(saga, before, { type: 'timer', timer: stale }, new Date());
    assert.equal(decision.state.status, 'RUNNING');
    assert.deepEqual(decision.effects, []);
    assert.match(decision.ignored ?? '', /stale/);
  });

  it('refuses what the state does not allow', () => {
    const now = new Date();
    const done = givenSaga(saga).started(discharge).whenCancelled().whenSucceeded().current;
    assert.equal(done.status, 'COMPENSATED');
    assert.throws(() => decide(saga, done, { type: 'cancel' }, now), IllegalTransitionError);
    assert.throws(() => decide(saga, done, { type: 'retry' }, now), IllegalTransitionError);
    const running = decide(saga, initialState(), { type: 'start', data: discharge }, now).state;
    assert.throws(() => decide(saga, running, { type: 'retry' }, now), IllegalTransitionError);
    const task = {
      type: 'task-completed',
      stepName: 'ReleaseBed',
      action: null,
      input: {},
    } as const;
    assert.throws(() => decide(saga, running, task, now), IllegalTransitionError);
  });

  it('a waiting work item cannot be retried as a wait step, nor compensated twice', () => {
    const waiting = charged().current;
    const retry = {
      type: 'task-completed',
      stepName: 'Review',
      action: 'retry',
      input: {},
    } as const;
    assert.throws(() => decide(saga, waiting, retry, new Date()), /sends no command/);
  });
});

describe('stepExpectedBy (when the step a saga moved to should have progressed)', () => {
  const now = new Date('2026-03-01T10:00:00Z');
  const expected = (state: Parameters<typeof stepExpectedBy>[1], definition = saga) =>
    stepExpectedBy(definition, state, now)?.toISOString() ?? null;
  const at = (ms: number): string => new Date(now.getTime() + ms).toISOString();

  it('gives a command step every attempt’s reply timeout plus the backoffs between them', () => {
    // 2 attempts of 1 minute, 1 s of backoff before the second.
    const running = givenSaga(saga).started(discharge).current;
    assert.equal(expected(running), at(2 * minutes(1) + seconds(1)));
  });

  it('takes the step’s expectedWithin instead when the definition says how long it may take', () => {
    const slow = defineSaga<Data>('slow-step', 1)
      .startedBy(EncounterDischarged, {
        topic: Topics.ClinicalEncounterV1,
        businessKey: (e) => e.encounterId,
        data: (e) => ({ encounterId: e.encounterId }),
      })
      .policy(saga.policy)
      .step('ReleaseBed')
      .invoke(ReleaseBed, () => ({}) as never)
      .replyTimeout(hours(72))
      .expectedWithin(hours(24))
      .build();
    assert.equal(expected(givenSaga(slow).started(discharge).current, slow), at(hours(24)));
  });

  it('waits on a person until the task escalates: the wait step’s, or the work item’s, else the policy’s', () => {
    assert.equal(expected(charged().current), at(hours(1)));
    const workItemOpen = givenSaga(saga)
      .started(discharge)
      .whenSucceeded()
      .whenRejected('CHARGE_CODE_NOT_FOUND', { cdmCode: '0278-001' })
      .expectStatus('WAITING', 'FinalizeCharges').current;
    assert.equal(expected(workItemOpen), at(hours(4)));
  });

  it('counts a suspended saga as stuck at once and a finished one as expecting nothing', () => {
    const suspended = givenSaga(saga).started(discharge).whenEveryAttemptTimesOut();
    assert.equal(expected(suspended.expectStatus('SUSPENDED', 'ReleaseBed').current), at(0));
    const compensated = givenSaga(saga)
      .started(discharge)
      .whenSucceeded()
      .whenRejected('PATIENT_DECEASED_BEFORE_ADMISSION')
      .whenSucceeded()
      .expectStatus('COMPENSATED').current;
    assert.equal(expected(compensated), null);
  });
});
