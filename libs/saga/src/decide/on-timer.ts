// A durable timer fired. It counts only if the saga still stands where the timer was set
// (same step, direction and attempt); otherwise it is stale and changes nothing.
import {
  replyTimeoutOf,
  type CommandStep,
  type RegisteredSaga,
  type SagaData,
} from '../definition.js';
import type { SagaState, TimerRef } from '../state.js';
import { attemptFailed } from './failure.js';
import { enterStep, entry, ignore, noted, sendAttempt, type Decision } from './moves.js';

export function onTimer(def: RegisteredSaga, state: SagaState, t: TimerRef, now: Date): Decision {
  const step = def.steps[state.stepIndex];
  const current =
    t.stepIndex === state.stepIndex &&
    t.direction === state.direction &&
    t.attempt === state.attempt;
  if (!current) return ignore(state, step, now, `stale ${t.kind} timer`);
  const commandPending = step?.kind === 'command' && state.pendingCommandId !== null;
  switch (t.kind) {
    case 'reply-timeout':
      if (!commandPending) return ignore(state, step, now, 'reply timeout with nothing pending');
      return replyTimedOut(def, state, now);
    case 'retry':
      if (commandPending || (state.status !== 'RUNNING' && state.status !== 'COMPENSATING'))
        return ignore(state, step, now, 'retry timer while not retrying');
      return sendAttempt(def, state, now);
    case 'incident-retry':
      if (commandPending || state.status !== 'SUSPENDED' || !state.incident)
        return ignore(state, step, now, 'incident retry while not suspended');
      return incidentRetry(def, state, now);
    case 'wait':
      if (state.status !== 'WAITING' || step?.kind !== 'wait')
        return ignore(state, step, now, 'wait timer while not waiting');
      return enterStep(
        def,
        noted(state, entry(state, step, 'timer-elapsed', now)),
        state.stepIndex + 1,
        now,
      );
    case 'escalation':
      if (state.status !== 'WAITING')
        return ignore(state, step, now, 'escalation while not waiting');
      return {
        state: noted(state, entry(state, step, 'escalated', now)),
        effects: [{ type: 'escalate-tasks' }],
      };
  }
}

/** No reply in time: a failed attempt, and a technical one (retriable). */
function replyTimedOut(def: RegisteredSaga, state: SagaState, now: Date): Decision {
  const step = def.steps[state.stepIndex] as CommandStep<SagaData>;
  const message = `no reply within ${replyTimeoutOf(def, step)} ms`;
  return attemptFailed(
    def,
    state,
    { code: 'TIMEOUT', message, retriable: true, details: null },
    now,
  );
}

/** A suspended saga's automatic retry: the command again, counted in its incident. */
function incidentRetry(def: RegisteredSaga, state: SagaState, now: Date): Decision {
  const step = def.steps[state.stepIndex];
  const incident = state.incident && { ...state.incident, retries: state.incident.retries + 1 };
  return sendAttempt(
    def,
    noted({ ...state, incident }, entry(state, step, 'incident-retry', now)),
    now,
  );
}
