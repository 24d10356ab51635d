// A failed attempt (a FAILED reply or a reply timeout). A business rejection waits on a person (a
// work-queue task) or, marked final, compensates; a technical failure is retried per the step's
// policy, then suspends the saga (an incident). Never compensation on its own.
import { retryDelayMs } from '@meridian/messaging';
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
  const routed = state.direction === 'forward' && failure.code in step.rejections;
  if (routed || !failure.retriable) return rejected(def, failed, step, failure, now);
  const retry = retryOf(def, step);
  if (state.incident === null && state.attempt < retry.attempts) {
    const dueInMs = retryDelayMs(retry, state.attempt);
    return {
      state: noted(failed, entry(failed, step, 'retry-scheduled', now)),
      effects: [{ type: 'schedule', timer: timer('retry', failed), dueInMs }],
    };
  }
  return suspend(def, failed, now);
}

/**
 * A business rejection: a person decides. The step's own routing (a work item for its team, or a
 * final rejection that compensates); any other code forward waits on the saga's owning team
 * (STEP_REJECTED); a refused compensation on COMPENSATION_FAILED.
 */
function rejected(
  def: RegisteredSaga,
  failed: SagaState,
  step: CommandStep<SagaData>,
  failure: SagaFailure,
  now: Date,
): Decision {
  const forward = failed.direction === 'forward';
  const handling = forward ? step.rejections[failure.code] : undefined;
  if (handling?.kind === 'final') return compensateFrom(def, failed, failed.stepIndex - 1, now);
  const task =
    handling?.task ??
    ({ type: forward ? 'STEP_REJECTED' : 'COMPENSATION_FAILED', team: def.policy.team } as const);
  const waiting = noted(failed, entry(failed, step, 'waiting', now, failure.code));
  return openTask(waiting, taskFrom(def, task, failure));
}
