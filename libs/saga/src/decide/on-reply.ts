// A participant's reply. A reply to any attempt of the current step is the step's answer (the
// participants answer per saga and step); replies to other steps or finished sagas are ignored.
import {
  MissingSagaDataError,
  type CommandStep,
  type RegisteredSaga,
  type SagaData,
  type Step,
} from '../definition.js';
import type { SagaState, SagaStatus } from '../state.js';
import type { SagaEvent } from './events.js';
import { attemptFailed } from './failure.js';
import { compensateFrom, enterStep, entry, ignore, noted, type Decision } from './moves.js';

type ReplyEvent = Extract<SagaEvent, { type: 'reply' }>;

const AWAITING_REPLY: readonly SagaStatus[] = ['RUNNING', 'SUSPENDED', 'COMPENSATING'];

/** Why the reply is not the current step's answer, or null when it is. */
function unawaited(
  state: SagaState,
  step: Step<SagaData> | undefined,
  event: ReplyEvent,
): string | null {
  const label = `reply from ${event.stepName} to command ${event.commandMessageId}`;
  if (
    step?.kind !== 'command' ||
    step.name !== event.stepName ||
    !AWAITING_REPLY.includes(state.status)
  )
    return `${label} is not for the step the saga is at`;
  if (event.commandMessageId === state.pendingCommandId) return null;
  const sent = state.history.some(
    (h) =>
      h.step === step.name &&
      h.direction === state.direction &&
      h.event === 'command-sent' &&
      h.commandId === event.commandMessageId,
  );
  if (!sent) return `${label} answers no attempt of this step`;
  return event.succeeded ? null : `${label} reports a failure of an attempt already superseded`;
}

export function onReply(
  def: RegisteredSaga,
  state: SagaState,
  event: ReplyEvent,
  now: Date,
): Decision {
  const step = def.steps[state.stepIndex];
  const why = unawaited(state, step, event);
  if (why) return ignore(state, step, now, why);
  if (!event.succeeded) {
    const failure = event.failure ?? {
      code: 'FAILED',
      message: 'participant reported failure',
      retriable: false,
      details: null,
    };
    return attemptFailed(def, state, failure, now);
  }
  const done = noted({ ...state, pendingCommandId: null }, entry(state, step, 'succeeded', now));
  if (state.direction === 'compensation')
    return compensateFrom(def, done, state.stepIndex - 1, now);
  let data: SagaData;
  try {
    data = (step as CommandStep<SagaData>).onReply(state.data, event.reply as never);
  } catch (error) {
    if (!(error instanceof MissingSagaDataError)) throw error;
    // The participant answered without what its contract promises: an operator looks at it.
    const failure = {
      code: 'REPLY_INCOMPLETE',
      message: error.message,
      retriable: false,
      details: null,
    };
    return attemptFailed(def, state, failure, now);
  }
  return enterStep(def, { ...done, data }, state.stepIndex + 1, now);
}
