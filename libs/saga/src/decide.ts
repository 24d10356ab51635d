// The saga state machine: pure. Given a definition, the current state and one event, it returns
// the next state and the effects the engine must carry out (in the same transaction).
import {
  humanTaskOf,
  type CommandStep,
  type HumanTaskSpec,
  type RegisteredSaga,
  type SagaData,
  type Step,
} from './definition.js';
import type { Direction, HistoryEntry, SagaFailure, SagaState, TimerRef } from './state.js';

export type SagaEvent =
  | { readonly type: 'start'; readonly data: SagaData }
  | {
      readonly type: 'reply';
      readonly stepName: string;
      readonly commandMessageId: string;
      readonly succeeded: boolean;
      readonly failure: SagaFailure | null;
      readonly reply: unknown;
    }
  | { readonly type: 'timer'; readonly timer: TimerRef }
  | { readonly type: 'human-task-completed'; readonly stepName: string; readonly input: SagaData }
  | { readonly type: 'cancel' }
  | { readonly type: 'retry' };

export type Effect =
  | { readonly type: 'send'; readonly stepIndex: number; readonly direction: Direction }
  | { readonly type: 'schedule'; readonly timer: TimerRef; readonly dueInMs: number }
  | { readonly type: 'create-human-task'; readonly stepIndex: number }
  | { readonly type: 'escalate-human-task'; readonly stepIndex: number }
  | { readonly type: 'close-human-tasks' };

export interface Decision {
  readonly state: SagaState;
  readonly effects: readonly Effect[];
  /** Set when the event changed nothing but a history line (a late or duplicate reply, a stale timer). */
  readonly ignored?: string;
}

/** Thrown for an operator request the saga's status does not allow (the API answers 409). */
export class IllegalTransitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IllegalTransitionError';
  }
}

type Data = SagaData;

function entry(
  state: SagaState,
  step: Step<Data> | undefined,
  event: HistoryEntry['event'],
  now: Date,
  detail?: string,
): HistoryEntry {
  return {
    step: step?.name ?? '(end)',
    direction: state.direction,
    event,
    at: now.toISOString(),
    attempt: state.attempt,
    ...(detail ? { detail } : {}),
  };
}

function withEntry(state: SagaState, e: HistoryEntry): SagaState {
  return { ...state, history: [...state.history, e] };
}

/** Enters forward step `index` (or completes the saga after the last one). */
function enterStep(def: RegisteredSaga, state: SagaState, index: number, now: Date): Decision {
  const step = def.steps[index];
  const base: SagaState = {
    ...state,
    stepIndex: index,
    direction: 'forward',
    attempt: 0,
    pendingCommandId: null,
  };
  if (!step) return { state: { ...base, status: 'COMPLETED' }, effects: [] };
  if (step.kind === 'command') return sendAttempt(base, step, index, 'forward', now);
  const waiting: SagaState = withEntry(
    { ...base, status: 'WAITING' },
    entry(base, step, 'waiting', now),
  );
  if (step.humanTask) return awaitHumanTask(waiting, index, step.humanTask);
  return {
    state: waiting,
    effects: [
      {
        type: 'schedule',
        timer: timer('wait', index, 'forward', 0),
        dueInMs: step.timerMs?.(state.data) ?? 0,
      },
    ],
  };
}

function timer(
  kind: TimerRef['kind'],
  stepIndex: number,
  direction: Direction,
  attempt: number,
): TimerRef {
  return { kind, stepIndex, direction, attempt };
}

/** Waits on a person: opens the task and arms its escalation. */
function awaitHumanTask(state: SagaState, index: number, task: HumanTaskSpec<Data>): Decision {
  return {
    state: { ...state, status: 'WAITING' },
    effects: [
      { type: 'create-human-task', stepIndex: index },
      {
        type: 'schedule',
        timer: timer('escalation', index, 'forward', state.attempt),
        dueInMs: task.escalateAfterMs,
      },
    ],
  };
}

/** Sends the next attempt of a command (forward or compensation) and arms its reply timeout. */
function sendAttempt(
  state: SagaState,
  step: CommandStep<Data>,
  index: number,
  direction: Direction,
  now: Date,
): Decision {
  const attempt = state.attempt + 1;
  const next: SagaState = {
    ...state,
    status: direction === 'forward' ? 'RUNNING' : 'COMPENSATING',
    stepIndex: index,
    direction,
    attempt,
    pendingCommandId: null, // set by the engine once the command is in the outbox
  };
  return {
    state: withEntry(next, entry(next, step, 'command-sent', now)),
    effects: [
      { type: 'send', stepIndex: index, direction },
      {
        type: 'schedule',
        timer: timer('reply-timeout', index, direction, attempt),
        dueInMs: step.timeoutMs,
      },
    ],
  };
}

/** The closest step at or before `from` whose forward work has a compensation. */
function compensable(def: RegisteredSaga, from: number): number {
  for (let i = from; i >= 0; i -= 1) {
    const step = def.steps[i];
    if (step?.kind === 'command' && step.compensation) return i;
  }
  return -1;
}

/** Compensates from step `from` downwards, or ends COMPENSATED when nothing is left to undo. */
function compensateFrom(def: RegisteredSaga, state: SagaState, from: number, now: Date): Decision {
  const index = compensable(def, from);
  const step = def.steps[index];
  if (!step || step.kind !== 'command') {
    return {
      state: { ...state, status: 'COMPENSATED', direction: 'compensation', pendingCommandId: null },
      effects: [{ type: 'close-human-tasks' }],
    };
  }
  const decision = sendAttempt({ ...state, attempt: 0 }, step, index, 'compensation', now);
  return { ...decision, effects: [{ type: 'close-human-tasks' }, ...decision.effects] };
}

/** A failed attempt (FAILED reply or reply timeout): retry within the policy, else compensate or fail. */
function attemptFailed(
  def: RegisteredSaga,
  state: SagaState,
  step: CommandStep<Data>,
  failure: SagaFailure,
  now: Date,
): Decision {
  const failed = withEntry(
    { ...state, lastError: failure, pendingCommandId: null },
    entry(state, step, failure.code === 'TIMEOUT' ? 'timed-out' : 'failed', now, failure.message),
  );
  if (state.direction === 'forward' && step.exception && failure.code === step.exception.code) {
    return awaitHumanTask(
      withEntry(failed, entry(failed, step, 'waiting', now, failure.code)),
      state.stepIndex,
      step.exception.task,
    );
  }
  if (failure.retriable && state.attempt < step.retry.attempts) {
    return {
      state: withEntry(failed, entry(failed, step, 'retry-scheduled', now)),
      effects: [
        {
          type: 'schedule',
          timer: timer('retry', state.stepIndex, state.direction, state.attempt),
          dueInMs: step.retry.backoffMs * 2 ** (state.attempt - 1),
        },
      ],
    };
  }
  if (state.direction === 'forward') return compensateFrom(def, failed, state.stepIndex - 1, now);
  return { state: { ...failed, status: 'FAILED' }, effects: [] };
}

function ignore(state: SagaState, step: Step<Data> | undefined, now: Date, why: string): Decision {
  return {
    state: withEntry(state, entry(state, step, 'ignored', now, why)),
    effects: [],
    ignored: why,
  };
}

export function decide(
  def: RegisteredSaga,
  state: SagaState,
  event: SagaEvent,
  now: Date,
): Decision {
  const step = def.steps[state.stepIndex];
  switch (event.type) {
    case 'start':
      return enterStep(def, { ...state, data: event.data }, 0, now);

    case 'reply': {
      const awaited =
        state.pendingCommandId !== null && event.commandMessageId === state.pendingCommandId;
      if (!awaited || step?.kind !== 'command' || step.name !== event.stepName) {
        return ignore(
          state,
          step,
          now,
          `reply from ${event.stepName} to command ${event.commandMessageId} is not awaited`,
        );
      }
      if (!event.succeeded) {
        return attemptFailed(
          def,
          state,
          step,
          event.failure ?? {
            code: 'FAILED',
            message: 'participant reported failure',
            retriable: false,
          },
          now,
        );
      }
      const done = withEntry(
        { ...state, pendingCommandId: null },
        entry(state, step, 'succeeded', now),
      );
      if (state.direction === 'forward') {
        return enterStep(
          def,
          { ...done, data: step.onReply(state.data, event.reply as never) },
          state.stepIndex + 1,
          now,
        );
      }
      return compensateFrom(def, done, state.stepIndex - 1, now);
    }

    case 'timer': {
      const t = event.timer;
      const current =
        t.stepIndex === state.stepIndex &&
        t.direction === state.direction &&
        t.attempt === state.attempt;
      if (!current) return ignore(state, step, now, `stale ${t.kind} timer`);
      switch (t.kind) {
        case 'reply-timeout':
          if (step?.kind !== 'command' || state.pendingCommandId === null)
            return ignore(state, step, now, 'reply timeout with nothing pending');
          return attemptFailed(
            def,
            state,
            step,
            { code: 'TIMEOUT', message: `no reply within ${step.timeoutMs} ms`, retriable: true },
            now,
          );
        case 'retry':
          if (
            step?.kind !== 'command' ||
            state.pendingCommandId !== null ||
            (state.status !== 'RUNNING' && state.status !== 'COMPENSATING')
          ) {
            return ignore(state, step, now, 'retry timer with a command pending');
          }
          return sendAttempt(state, step, state.stepIndex, state.direction, now);
        case 'wait':
          if (state.status !== 'WAITING')
            return ignore(state, step, now, 'wait timer while not waiting');
          return enterStep(
            def,
            withEntry(state, entry(state, step, 'timer-elapsed', now)),
            state.stepIndex + 1,
            now,
          );
        case 'escalation':
          if (state.status !== 'WAITING' || !humanTaskOf(step))
            return ignore(state, step, now, 'escalation while not waiting');
          return {
            state: withEntry(state, entry(state, step, 'escalated', now)),
            effects: [{ type: 'escalate-human-task', stepIndex: state.stepIndex }],
          };
      }
      return ignore(state, step, now, 'unknown timer');
    }

    case 'human-task-completed': {
      const task: HumanTaskSpec<Data> | undefined = humanTaskOf(step);
      if (state.status !== 'WAITING' || !task || step?.name !== event.stepName) {
        throw new IllegalTransitionError(
          `saga is not waiting for a human task at ${event.stepName}`,
        );
      }
      const done = withEntry(state, entry(state, step, 'human-task-completed', now));
      const data = task.onComplete(state.data, event.input);
      if (step.kind === 'command' && step.exception?.then === 'retry') {
        return sendAttempt(
          { ...done, data, attempt: 0, lastError: null },
          step,
          state.stepIndex,
          'forward',
          now,
        );
      }
      return enterStep(def, { ...done, data, lastError: null }, state.stepIndex + 1, now);
    }

    case 'cancel': {
      if (
        state.status === 'COMPENSATING' ||
        state.status === 'COMPENSATED' ||
        state.status === 'FAILED'
      ) {
        throw new IllegalTransitionError(`a ${state.status} saga cannot be cancelled`);
      }
      const asked = withEntry(
        { ...state, pendingCommandId: null },
        entry(state, step, 'cancel-requested', now),
      );
      // A command awaiting its reply may already have taken effect: compensate its step too.
      const from =
        state.status === 'COMPLETED'
          ? def.steps.length - 1
          : state.status === 'RUNNING'
            ? state.stepIndex
            : state.stepIndex - 1;
      return compensateFrom(def, asked, from, now);
    }

    case 'retry': {
      if (state.status !== 'FAILED' || step?.kind !== 'command')
        throw new IllegalTransitionError(
          `only a FAILED saga can be retried; this one is ${state.status}`,
        );
      const asked = withEntry(state, entry(state, step, 'retry-requested', now));
      return sendAttempt(
        { ...asked, attempt: 0, lastError: null },
        step,
        state.stepIndex,
        'compensation',
        now,
      );
    }
  }
}

export function initialState(): SagaState {
  return {
    status: 'RUNNING',
    stepIndex: 0,
    direction: 'forward',
    attempt: 0,
    data: {},
    pendingCommandId: null,
    lastError: null,
    history: [],
  };
}
