// The moves every event handler is made of: enter a step, send an attempt, retry, suspend, open a
// task, compensate. Pure: each returns the next state and the effects the engine carries out.
import type { HumanTaskType } from '@meridian/contracts';
import {
  MissingSagaDataError,
  replyTimeoutOf,
  type CommandStep,
  type Invocation,
  type RegisteredSaga,
  type SagaData,
  type Step,
  type TaskSpec,
} from '../definition.js';
import type { Direction, HistoryEntry, SagaFailure, SagaState, TimerRef } from '../state.js';

/** A task to open: a wait step's, a work item from a rejection, or a compensation a participant refused. */
export interface TaskToOpen {
  readonly type: HumanTaskType;
  readonly team: string;
  readonly escalateAfterMs: number;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly details: Readonly<Record<string, string>> | null;
}

export type Effect =
  | {
      readonly type: 'send';
      readonly stepIndex: number;
      readonly direction: Direction;
      readonly invocation: Invocation<SagaData>;
      /** The command's own fields, built from the saga data. */
      readonly body: object;
      /** Kafka key; null: the business key. */
      readonly key: string | null;
      /** On a compensation: the forward command it undoes. */
      readonly compensates: string | null;
    }
  | { readonly type: 'schedule'; readonly timer: TimerRef; readonly dueInMs: number }
  | { readonly type: 'open-task'; readonly stepIndex: number; readonly task: TaskToOpen }
  | { readonly type: 'escalate-tasks' }
  | { readonly type: 'close-tasks' };

export interface Decision {
  readonly state: SagaState;
  readonly effects: readonly Effect[];
  /** Set when the event changed nothing but a history line (a late or duplicate reply, a stale timer). */
  readonly ignored?: string;
}

type Data = SagaData;

export function entry(
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

export function noted(state: SagaState, e: HistoryEntry): SagaState {
  return { ...state, history: [...state.history, e] };
}

export function timer(kind: TimerRef['kind'], state: SagaState): TimerRef {
  return { kind, stepIndex: state.stepIndex, direction: state.direction, attempt: state.attempt };
}

export function ignore(
  state: SagaState,
  step: Step<Data> | undefined,
  now: Date,
  why: string,
): Decision {
  return {
    state: noted(state, entry(state, step, 'ignored', now, why)),
    effects: [],
    ignored: why,
  };
}

/**
 * Enters forward step `index`: sends its command, or waits, or skips it when its condition does not
 * hold; after the last one, COMPLETED.
 */
export function enterStep(
  def: RegisteredSaga,
  state: SagaState,
  index: number,
  now: Date,
): Decision {
  const step = def.steps[index];
  const base: SagaState = {
    ...state,
    stepIndex: index,
    direction: 'forward',
    attempt: 0,
    pendingCommandId: null,
    lastError: null,
    incident: null,
  };
  if (!step) return { state: { ...base, status: 'COMPLETED' }, effects: [] };
  if (step.kind === 'command' && step.when && !step.when(state.data)) {
    const skipped = noted(base, entry(base, step, 'skipped', now, 'condition not met'));
    return enterStep(def, skipped, index + 1, now);
  }
  if (step.kind === 'command') return sendAttempt(def, { ...base, status: 'RUNNING' }, now);
  const waiting = noted({ ...base, status: 'WAITING' }, entry(base, step, 'waiting', now));
  if (step.task) return openTask(waiting, taskFrom(def, step.task, null));
  const dueInMs = step.timerMs?.(state.data) ?? 0;
  return {
    state: waiting,
    effects: [{ type: 'schedule', timer: timer('wait', waiting), dueInMs }],
  };
}

/** The forward command of a step whose compensation undoes it: its last one sent. */
function forwardCommandId(state: SagaState, stepName: string): string | null {
  const sent = state.history.findLast(
    (h) => h.step === stepName && h.direction === 'forward' && h.event === 'command-sent',
  );
  return sent?.commandId ?? null;
}

/**
 * Sends the next attempt of the current step's command (forward or compensation) and arms its
 * reply timeout. A command the saga data cannot build is a defect no retry fixes: FAILED.
 */
export function sendAttempt(def: RegisteredSaga, state: SagaState, now: Date): Decision {
  const step = def.steps[state.stepIndex] as CommandStep<Data>;
  const invocation = state.direction === 'forward' ? step.invoke : step.compensation;
  if (!invocation) throw new Error(`${def.name}: step ${step.name} has no compensation`);
  let body: object;
  try {
    body = invocation.build(state.data);
  } catch (error) {
    const failure = {
      code: 'COMMAND_NOT_BUILT',
      message: String(error),
      retriable: false,
      details: null,
    };
    const failed = { ...state, status: 'FAILED' as const, lastError: failure, incident: null };
    return {
      state: noted(failed, entry(state, step, 'failed', now, failure.message)),
      effects: [],
    };
  }
  const next: SagaState = { ...state, attempt: state.attempt + 1, pendingCommandId: null };
  const send: Effect = {
    type: 'send',
    stepIndex: state.stepIndex,
    direction: state.direction,
    invocation,
    body,
    key: invocation.key?.(state.data) ?? null,
    compensates: state.direction === 'compensation' ? forwardCommandId(state, step.name) : null,
  };
  const timeout = replyTimeoutOf(def, step);
  return {
    state: noted(next, entry(next, step, 'command-sent', now)),
    effects: [send, { type: 'schedule', timer: timer('reply-timeout', next), dueInMs: timeout }],
  };
}

function answered(state: SagaState, stepName: string): boolean {
  return state.history.some(
    (h) => h.step === stepName && h.direction === 'forward' && h.event === 'succeeded',
  );
}

function skipped(state: SagaState, stepName: string): boolean {
  return state.history.some(
    (h) => h.step === stepName && h.direction === 'forward' && h.event === 'skipped',
  );
}

function buildable(invocation: Invocation<Data> | undefined, data: Data): boolean {
  try {
    invocation?.build(data);
    return true;
  } catch (error) {
    if (error instanceof MissingSagaDataError) return false;
    throw error;
  }
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
export function compensateFrom(
  def: RegisteredSaga,
  state: SagaState,
  from: number,
  now: Date,
): Decision {
  const index = compensable(def, from);
  const close: Effect = { type: 'close-tasks' };
  const base = { ...state, direction: 'compensation' as const, pendingCommandId: null };
  if (index < 0)
    return { state: { ...base, status: 'COMPENSATED', incident: null }, effects: [close] };
  const at = { ...base, status: 'COMPENSATING' as const, stepIndex: index, attempt: 0 };
  const step = def.steps[index] as CommandStep<Data>;
  if (skipped(state, step.name)) return compensateFrom(def, state, index - 1, now);
  if (!answered(state, step.name) && !buildable(step.compensation, state.data)) {
    // Cancelled before its forward command was answered, and the undo needs what the answer
    // would have said: nothing is known to undo.
    const skipped = noted(at, entry(at, step, 'ignored', now, 'forward command never answered'));
    return compensateFrom(def, skipped, index - 1, now);
  }
  const decision = sendAttempt(def, { ...at, incident: null }, now);
  return { ...decision, effects: [close, ...decision.effects] };
}

/** The task of a spec, with the saga policy's defaults. */
export function taskFrom(
  def: RegisteredSaga,
  spec: TaskSpec<Data>,
  failure: SagaFailure | null,
): TaskToOpen {
  return {
    type: spec.type,
    team: spec.team,
    escalateAfterMs: spec.escalateAfterMs ?? def.policy.escalateAfterMs,
    reasonCode: failure?.code ?? null,
    reason: failure?.message ?? null,
    details: failure?.details ?? null,
  };
}

/** WAITING on a person: opens the task and arms its escalation. */
export function openTask(state: SagaState, task: TaskToOpen): Decision {
  const waiting: SagaState = {
    ...state,
    status: 'WAITING',
    pendingCommandId: null,
    incident: null,
  };
  return {
    state: waiting,
    effects: [
      { type: 'open-task', stepIndex: state.stepIndex, task },
      { type: 'schedule', timer: timer('escalation', waiting), dueInMs: task.escalateAfterMs },
    ],
  };
}

/** The delay before the `n`th automatic retry of an incident (from 0): capped exponential. */
export function incidentBackoff(def: RegisteredSaga, n: number): number {
  const { backoffMs, maxBackoffMs } = def.policy.incident;
  return Math.min(maxBackoffMs, backoffMs * 2 ** n);
}

/**
 * An incident: SUSPENDED with the last (technical) error, retried on its own with capped
 * exponential backoff within the policy's window; after it, only an operator's retry.
 */
export function suspend(def: RegisteredSaga, state: SagaState, now: Date): Decision {
  const step = def.steps[state.stepIndex];
  const incident = state.incident ?? { since: now.toISOString(), retries: 0 };
  const base: SagaState = { ...state, status: 'SUSPENDED', pendingCommandId: null, incident };
  const suspended =
    state.status === 'SUSPENDED'
      ? base
      : noted(base, entry(state, step, 'suspended', now, state.lastError?.code));
  if (now.getTime() - Date.parse(incident.since) >= def.policy.incident.windowMs) {
    const exhausted = entry(state, step, 'incident-window-exhausted', now);
    return { state: noted(suspended, exhausted), effects: [] };
  }
  const dueInMs = incidentBackoff(def, incident.retries);
  const retry = timer('incident-retry', suspended);
  return { state: suspended, effects: [{ type: 'schedule', timer: retry, dueInMs }] };
}
