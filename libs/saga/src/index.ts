export {
  decide,
  IllegalTransitionError,
  initialState,
  type Decision,
  type Effect,
  type SagaEvent,
} from './decide.js';
export {
  asJson,
  cancellation,
  commandStep,
  defineSaga,
  humanTaskOf,
  hours,
  invoke,
  minutes,
  seconds,
  type CommandStep,
  type ExceptionTask,
  type FromJson,
  type Revivable,
  type HumanTaskSpec,
  type Invocation,
  type Json,
  type RegisteredSaga,
  type RetryPolicy,
  type SagaData,
  type SagaDefinition,
  type Step,
  type Trigger,
  type WaitStep,
} from './definition.js';
export {
  ACTIVE_STATUSES,
  SAGA_STATUSES,
  type HistoryEntry,
  type SagaFailure,
  type SagaState,
  type SagaStatus,
  type TimerRef,
} from './state.js';
export {
  DEFAULT_ENGINE_TOPICS,
  SagaEngine,
  SagaNotFoundError,
  type EngineTopics,
  type SagaEngineOptions,
} from './engine/saga-engine.js';
export { StaleSagaError } from './engine/transition.js';
export { HumanTask, type HumanTaskStatus } from './store/human-task.entity.js';
export { SAGA_ENTITIES, SagaTables1795300100000 } from './store/migrations.js';
export { SagaInstance } from './store/saga-instance.entity.js';
export { SagaTimer } from './store/saga-timer.entity.js';
export {
  answerCommand,
  CommandRejectedError,
  commandRef,
  DEFERRED,
  REPLY_HEADER_FIELDS,
  replyDraft,
  sendReply,
  type Answer,
  type CommandContext,
  type CommandRef,
  type FailureInfo,
  type Outcome,
  type ReplyContract,
  type ReplySender,
  type ResultOf,
  type SagaCommand,
} from './participant/command-reply.js';
