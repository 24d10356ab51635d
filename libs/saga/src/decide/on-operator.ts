// What people do: complete a task (retry, skip or compensate), cancel a saga, retry a suspended
// or failed one. A request the saga's state does not allow is an IllegalTransitionError (409).
import { taskOf, type RegisteredSaga } from '../definition.js';
import type { SagaState, TaskAction } from '../state.js';
import { IllegalTransitionError, type SagaEvent } from './events.js';
import { compensateFrom, enterStep, entry, noted, sendAttempt, type Decision } from './moves.js';

type TaskCompleted = Extract<SagaEvent, { type: 'task-completed' }>;

export function onTaskCompleted(
  def: RegisteredSaga,
  state: SagaState,
  event: TaskCompleted,
  now: Date,
): Decision {
  const step = def.steps[state.stepIndex];
  if (state.status !== 'WAITING' || step?.name !== event.stepName)
    throw new IllegalTransitionError(`saga is not waiting for a task at ${event.stepName}`);
  const done = noted(
    state,
    entry(state, step, 'human-task-completed', now, event.action ?? undefined),
  );
  const again = { ...done, attempt: 0, lastError: null };
  if (state.direction === 'compensation') {
    const action: TaskAction = event.action ?? 'retry';
    if (action === 'retry') return sendAttempt(def, { ...again, status: 'COMPENSATING' }, now);
    if (action === 'skip') return compensateFrom(def, done, state.stepIndex - 1, now);
    throw new IllegalTransitionError('the saga is compensating already');
  }
  // A command step waits on its rejection's task: a work item of its own, or STEP_REJECTED.
  const task = taskOf(step, state.lastError?.code ?? null);
  if (step.kind === 'wait' && !task)
    throw new IllegalTransitionError(`saga waits for a timer at ${step.name}, not a task`);
  // A routed task folds the input its own way; an unrouted rejection's task takes what the person
  // gives as what the step would have answered.
  const data = task
    ? (task.onComplete?.(state.data, event.input) ?? state.data)
    : { ...state.data, ...event.input };
  const action: TaskAction = event.action ?? (step.kind === 'command' ? 'retry' : 'skip');
  switch (action) {
    case 'retry':
      if (step.kind !== 'command')
        throw new IllegalTransitionError(`${step.name} sends no command to retry`);
      return sendAttempt(def, { ...again, data, status: 'RUNNING' }, now);
    case 'skip':
      return enterStep(def, { ...done, data }, state.stepIndex + 1, now);
    case 'compensate':
      return compensateFrom(def, done, state.stepIndex - 1, now);
  }
}

/** Cancellation (ADT^A13, an operator): the work done so far is compensated in reverse order. */
export function onCancel(def: RegisteredSaga, state: SagaState, now: Date): Decision {
  if (state.direction === 'compensation')
    throw new IllegalTransitionError(`a ${state.status} saga is compensating or compensated`);
  const step = def.steps[state.stepIndex];
  const asked = noted(
    { ...state, pendingCommandId: null },
    entry(state, step, 'cancel-requested', now),
  );
  // A command sent and not yet answered may have taken effect: its step is compensated too.
  const inFlight = state.status === 'RUNNING' || state.status === 'SUSPENDED';
  const from =
    state.status === 'COMPLETED'
      ? def.steps.length - 1
      : inFlight
        ? state.stepIndex
        : state.stepIndex - 1;
  return compensateFrom(def, asked, from, now);
}

/** An operator's retry of a SUSPENDED or FAILED saga: the current command again, with fresh retries. */
export function onRetry(def: RegisteredSaga, state: SagaState, now: Date): Decision {
  const step = def.steps[state.stepIndex];
  if ((state.status !== 'SUSPENDED' && state.status !== 'FAILED') || step?.kind !== 'command')
    throw new IllegalTransitionError(
      `only a SUSPENDED or FAILED saga can be retried; this one is ${state.status}`,
    );
  const status = state.direction === 'forward' ? 'RUNNING' : 'COMPENSATING';
  const asked = noted(state, entry(state, step, 'retry-requested', now));
  const fresh = {
    ...asked,
    status,
    attempt: 0,
    lastError: null,
    incident: null,
    pendingCommandId: null,
  } as const;
  return sendAttempt(def, fresh, now);
}
