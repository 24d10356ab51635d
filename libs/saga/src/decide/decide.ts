// The saga state machine: pure. Given a definition, the current state and one event, it returns
// the next state and the effects the engine must carry out (in the same transaction). One
// handler per event; the moves they share are in ./moves.ts.
import type { RegisteredSaga } from '../definition.js';
import type { SagaState } from '../state.js';
import type { SagaEvent } from './events.js';
import { enterStep, type Decision } from './moves.js';
import { onCancel, onRetry, onTaskCompleted } from './on-operator.js';
import { onReply } from './on-reply.js';
import { onTimer } from './on-timer.js';

export type { Decision, Effect, TaskToOpen } from './moves.js';
export { IllegalTransitionError, type SagaEvent } from './events.js';

export function decide(
  def: RegisteredSaga,
  state: SagaState,
  event: SagaEvent,
  now: Date,
): Decision {
  switch (event.type) {
    case 'start':
      return enterStep(def, { ...state, data: event.data }, 0, now);
    case 'reply':
      return onReply(def, state, event, now);
    case 'timer':
      return onTimer(def, state, event.timer, now);
    case 'task-completed':
      return onTaskCompleted(def, state, event, now);
    case 'cancel':
      return onCancel(def, state, now);
    case 'retry':
      return onRetry(def, state, now);
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
    incident: null,
    history: [],
  };
}
