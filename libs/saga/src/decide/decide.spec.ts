import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Topics, type RecordContract, type TopicContract } from '@meridian/contracts';
import {
  decide,
  IllegalTransitionError,
  initialState,
  type Effect,
  type SagaEvent,
} from './decide.js';
import {
  commandStep,
  defineSaga,
  hours,
  minutes,
  type Invocation,
  type SagaData,
} from './definition.js';
import type { SagaState } from './state.js';

// A three-step saga with a human task, built from stand-in contracts: the state machine never
// looks inside them.
const contract = (name: string): RecordContract<unknown> => ({
  fullName: `test.${name}`,
  schema: {},
});
const topic: TopicContract<unknown> = {
  name: 'test.commands.v1',
  partitions: 1,
  key: 'id',
  records: [],
};
const call = (name: string): Invocation<SagaData> => ({
  topic,
  command: contract(name),
  reply: Topics.SagaRepliesV1.records[0],
  build: () => ({}),
  key: () => 'E-1',
});

const saga = defineSaga<unknown, SagaData>({
  name: 'test-saga',
  version: 1,
  trigger: {
    topic,
    record: contract('Trigger'),
    businessKey: () => 'E-1',
    data: () => ({}),
    uniqueBy: 'business-key',
  },
  steps: [
    commandStep('Reserve', {
      invoke: call('Reserve'),
      onReply: (d) => ({ ...d, reserved: true }),
      compensation: call('Release'),
      timeoutMs: minutes(1),
      retry: { attempts: 2, backoffMs: 1_000 },
    }),
    commandStep('Charge', {
      invoke: call('Charge'),
      onReply: (d, r: { amount: string }) => ({ ...d, amount: r.amount }),
      compensation: call('Refund'),
      timeoutMs: minutes(1),
    }),
    {
      kind: 'wait',
      name: 'Review',
      humanTask: {
        type: 'CODING_REVIEW',
        queue: 'coders',
        escalateAfterMs: hours(48),
        onComplete: (d, input) => ({ ...d, ...input }),
      },
    },
    commandStep('Ship', { invoke: call('Ship'), onReply: (d) => d, timeoutMs: minutes(1) }),
  ],
});

const now = new Date('2026-11-22T10:00:00Z');

/** Runs events in order; `sent` assigns each sent command a message id, as the engine does. */
function given(events: readonly SagaEvent[]): { state: SagaState; effects: Effect[][] } {
  let state = initialState();
  const effects: Effect[][] = [];
  let n = 0;
  for (const event of events) {
    const decision = decide(saga, state, event, now);
    state = decision.effects.some((e) => e.type === 'send')
      ? { ...decision.state, pendingCommandId: `cmd-${++n}` }
      : decision.state;
    effects.push([...decision.effects]);
  }
  return { state, effects };
}

const ok = (stepName: string, id: string, reply: unknown = {}): SagaEvent => ({
  type: 'reply',
  stepName,
  commandMessageId: id,
  succeeded: true,
  failure: null,
  reply,
});
const failed = (stepName: string, id: string, retriable: boolean): SagaEvent => ({
  type: 'reply',
  stepName,
  commandMessageId: id,
  succeeded: false,
  failure: { code: 'DOWN', message: 'participant down', retriable },
  reply: {},
});
const start: SagaEvent = { type: 'start', data: { encounterId: 'E-1' } };
const steps = (state: SagaState): string[] =>
  state.history.map((h) => `${h.direction === 'forward' ? '' : 'undo '}${h.step}:${h.event}`);

describe('saga state machine', () => {
  it('runs the steps in order, waits for the human task and completes', () => {
    const { state, effects } = given([
      start,
      ok('Reserve', 'cmd-1'),
      ok('Charge', 'cmd-2', { amount: '120.00' }),
      { type: 'human-task-completed', stepName: 'Review', input: { codes: 'I21.4' } },
      ok('Ship', 'cmd-3'),
    ]);
    assert.equal(state.status, 'COMPLETED');
    assert.deepEqual(state.data, {
      encounterId: 'E-1',
      reserved: true,
      amount: '120.00',
      codes: 'I21.4',
    });
    assert.deepEqual(effects[0], [
      { type: 'send', stepIndex: 0, direction: 'forward' },
      {
        type: 'schedule',
        timer: { kind: 'reply-timeout', stepIndex: 0, direction: 'forward', attempt: 1 },
        dueInMs: 60_000,
      },
    ]);
    assert.deepEqual(
      effects[2]?.map((e) => e.type),
      ['create-human-task', 'schedule'],
    );
  });

  it('retries a retriable failure after backoff, then compensates the completed steps in reverse order', () => {
    const { state, effects } = given([
      start,
      ok('Reserve', 'cmd-1'),
      failed('Charge', 'cmd-2', false),
      ok('Reserve', 'cmd-3'), // the Release compensation's reply
    ]);
    assert.equal(state.status, 'COMPENSATED');
    assert.deepEqual(steps(state), [
      'Reserve:command-sent',
      'Reserve:succeeded',
      'Charge:command-sent',
      'Charge:failed',
      'undo Reserve:command-sent',
      'undo Reserve:succeeded',
    ]);
    assert.deepEqual(effects[2]?.[0], { type: 'close-human-tasks' });

    const retried = given([start, failed('Reserve', 'cmd-1', true)]);
    assert.equal(retried.state.status, 'RUNNING');
    assert.deepEqual(retried.effects[1], [
      {
        type: 'schedule',
        timer: { kind: 'retry', stepIndex: 0, direction: 'forward', attempt: 1 },
        dueInMs: 1_000,
      },
    ]);
    const resent = given([
      start,
      failed('Reserve', 'cmd-1', true),
      { type: 'timer', timer: { kind: 'retry', stepIndex: 0, direction: 'forward', attempt: 1 } },
    ]);
    assert.equal(resent.state.attempt, 2);
    assert.equal(resent.effects[2]?.[0]?.type, 'send');
  });

  it('treats a reply timeout as a failed attempt', () => {
    const { state } = given([
      start,
      ok('Reserve', 'cmd-1'),
      {
        type: 'timer',
        timer: { kind: 'reply-timeout', stepIndex: 1, direction: 'forward', attempt: 1 },
      },
    ]);
    assert.equal(state.status, 'COMPENSATING');
    assert.equal(state.lastError?.code, 'TIMEOUT');
    assert.equal(state.direction, 'compensation');
  });

  it('ignores duplicate and out-of-order replies and stale timers, recording them', () => {
    const { state } = given([
      start,
      ok('Reserve', 'cmd-1'),
      ok('Reserve', 'cmd-1'), // duplicate
      ok('Ship', 'cmd-9'), // never sent
      {
        type: 'timer',
        timer: { kind: 'reply-timeout', stepIndex: 0, direction: 'forward', attempt: 1 },
      }, // stale
    ]);
    assert.equal(state.status, 'RUNNING');
    assert.equal(state.stepIndex, 1);
    assert.equal(state.history.filter((h) => h.event === 'ignored').length, 3);
  });

  it('fails visibly when a compensation keeps failing, and resumes it on retry', () => {
    const { state } = given([
      start,
      ok('Reserve', 'cmd-1'),
      failed('Charge', 'cmd-2', false),
      failed('Reserve', 'cmd-3', false),
    ]);
    assert.equal(state.status, 'FAILED');
    assert.equal(state.lastError?.code, 'DOWN');
    const resumed = decide(saga, state, { type: 'retry' }, now);
    assert.equal(resumed.state.status, 'COMPENSATING');
    assert.deepEqual(resumed.effects[0], { type: 'send', stepIndex: 0, direction: 'compensation' });
  });

  it('compensates a completed saga on cancel, and the step in flight when cancelled while running', () => {
    const done = given([
      start,
      ok('Reserve', 'cmd-1'),
      ok('Charge', 'cmd-2', { amount: '1.00' }),
      { type: 'human-task-completed', stepName: 'Review', input: {} },
      ok('Ship', 'cmd-3'),
    ]);
    const cancelled = decide(saga, done.state, { type: 'cancel' }, now);
    assert.equal(cancelled.state.status, 'COMPENSATING');
    assert.equal(
      saga.steps[cancelled.state.stepIndex]?.name,
      'Charge',
      'Ship has no compensation; Charge is undone first',
    );

    const inFlight = given([start, ok('Reserve', 'cmd-1')]);
    const stop = decide(saga, inFlight.state, { type: 'cancel' }, now);
    assert.equal(
      saga.steps[stop.state.stepIndex]?.name,
      'Charge',
      'the command awaiting its reply is compensated too',
    );
  });

  it('refuses illegal transitions', () => {
    const done = given([
      start,
      ok('Reserve', 'cmd-1'),
      ok('Charge', 'cmd-2', { amount: '1.00' }),
      { type: 'human-task-completed', stepName: 'Review', input: {} },
      ok('Ship', 'cmd-3'),
    ]);
    assert.throws(() => decide(saga, done.state, { type: 'retry' }, now), IllegalTransitionError);
    assert.throws(
      () =>
        decide(
          saga,
          initialState(),
          { type: 'human-task-completed', stepName: 'Review', input: {} },
          now,
        ),
      IllegalTransitionError,
    );
  });

  it('waits on an exception task when a reply fails with its code, then retries the command', () => {
    const withException = defineSaga<unknown, SagaData>({
      ...saga,
      steps: [
        commandStep('Confirm', {
          invoke: call('Confirm'),
          onReply: (d) => d,
          timeoutMs: minutes(1),
          exception: {
            code: 'ITEM_NOT_FOUND',
            then: 'retry',
            task: {
              type: 'IMPLANT_ITEM_EXCEPTION',
              queue: 'supply-chain',
              escalateAfterMs: hours(4),
              onComplete: (d, input) => ({ ...d, ...input }),
            },
          },
        }),
      ],
    });
    let state = decide(withException, initialState(), start, now).state;
    state = { ...state, pendingCommandId: 'cmd-1' };
    const failedReply: SagaEvent = {
      type: 'reply',
      stepName: 'Confirm',
      commandMessageId: 'cmd-1',
      succeeded: false,
      failure: { code: 'ITEM_NOT_FOUND', message: 'GTIN unknown', retriable: false },
      reply: {},
    };
    const waiting = decide(withException, state, failedReply, now);
    assert.equal(waiting.state.status, 'WAITING');
    assert.deepEqual(
      waiting.effects.map((e) => e.type),
      ['create-human-task', 'schedule'],
    );
    const resumed = decide(
      withException,
      waiting.state,
      { type: 'human-task-completed', stepName: 'Confirm', input: { itemId: 'ITM-7' } },
      now,
    );
    assert.equal(resumed.state.status, 'RUNNING');
    assert.equal(resumed.state.attempt, 1, 'the command is sent again as a fresh first attempt');
    assert.equal(resumed.state.data['itemId'], 'ITM-7');
    assert.equal(resumed.effects[0]?.type, 'send');
  });

  it('rejects a definition with a duplicate step name', () => {
    assert.throws(
      () => defineSaga({ ...saga, steps: [...saga.steps, ...saga.steps.slice(0, 1)] }),
      /appears twice/,
    );
  });
});
