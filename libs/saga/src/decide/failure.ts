// A failed attempt (a FAILED reply or a reply timeout): a mapped rejection opens its work item or
// compensates; a technical failure is retried per the step's policy, then suspends the saga; a
// compensation a participant refuses waits on a person. Never compensation on its own.
import { retryOf, type CommandStep, type RegisteredSaga, type SagaData } from '../definition.js';
import type { SagaFailure, SagaState } from '../state.js';
import {
  compensateFrom,
  entry,
  noted,
  openTask,
  suspend,
  taskFrom,
  timer,
  type Decision,
} from './moves.js';

export function attemptFailed(
  def: RegisteredSaga,
  state: SagaState,
  failure: SagaFailure,
  now: Date,
): Decision {
  const step = def.steps[state.stepIndex] as CommandStep<SagaData>;
  const event = failure.code === 'TIMEOUT' ? 'timed-out' : 'failed';
  const failed = noted(
    { ...state, lastError: failure, pendingCommandId: null },
    entry(state, step, event, now, `${failure.code}: ${failure.message}`),
  );
  const handling = state.direction === 'forward' ? step.rejections[failure.code] : undefined;
  if (handling?.kind === 'work-item') {
    const waiting = noted(failed, entry(failed, step, 'waiting', now, failure.code));
    return openTask(waiting, taskFrom(def, handling.task, failure));
  }
  if (handling?.kind === 'final') return compensateFrom(def, failed, state.stepIndex - 1, now);
  if (!failure.retriable && state.direction === 'compensation') {
    const waiting = noted(failed, entry(failed, step, 'waiting', now, failure.code));
    const task = { type: 'COMPENSATION_FAILED' as const, team: def.policy.team };
    return openTask(waiting, taskFrom(def, task, failure));
  }
  const retry = retryOf(def, step);
  if (failure.retriable && state.incident === null && state.attempt < retry.attempts) {
    const dueInMs = retry.backoffMs * 2 ** (state.attempt - 1);
    return {
      state: noted(failed, entry(failed, step, 'retry-scheduled', now)),
      effects: [{ type: 'schedule', timer: timer('retry', failed), dueInMs }],
    };
  }
  return suspend(def, failed, now);
}
