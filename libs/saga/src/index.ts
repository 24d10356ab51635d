export {
  decide,
  IllegalTransitionError,
  initialState,
  type Decision,
  type Effect,
  type SagaEvent,
  type TaskToOpen,
} from './decide/decide.js';
export {
  asJson,
  days,
  hours,
  minutes,
  MissingSagaDataError,
  need,
  replyTimeoutOf,
  retryOf,
  seconds,
  taskOf,
  stepExpectedBy,
  withPolicy,
  type CommandStep,
  type FromJson,
  type IncidentPolicy,
  type Invocation,
  type Json,
  type PolicyOverrides,
  type RegisteredSaga,
  type RejectionHandling,
  type ReplyContract,
  type Revivable,
  type SagaData,
  type SagaDefinition,
  type SagaPolicy,
  type Step,
  type TaskSpec,
  type Trigger,
  type WaitStep,
} from './definition.js';
export {
  CommandStepBuilder,
  defineSaga,
  finalRejection,
  routeOf,
  SagaBuilder,
  workItem,
  type ReplyOf,
} from './dsl.js';
export {
  ACTIVE_STATUSES,
  SAGA_STATUSES,
  TASK_ACTIONS,
  type HistoryEntry,
  type Incident,
  type SagaFailure,
  type SagaState,
  type SagaStatus,
  type TaskAction,
  type TimerRef,
} from './state.js';
export {
  DEFAULT_ENGINE_TOPICS,
  ENGINE_CONSUMER_RETRY,
  SagaEngine,
  SagaNotFoundError,
  type EngineTopics,
  type SagaEngineOptions,
  type TaskCompletion,
} from './engine/saga-engine.js';
export { StaleSagaError } from './store/saga-store.js';
export { HumanTask, type HumanTaskStatus } from './store/human-task.entity.js';
export {
  SAGA_ENTITIES,
  SAGA_MIGRATIONS,
  SagaFailureSemantics1795300200000,
  SagaHumanTaskBySaga1797300000000,
  SagaTables1795300100000,
} from './store/migrations.js';
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
  type Outcome,
  type ReplySender,
  type ResultOf,
  type SagaCommand,
} from './participant/command-reply.js';
export { SagaParticipantAnswers1795600000000 } from './participant-store/participant-answer.migration.js';
