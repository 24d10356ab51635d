import type {
  HistoryEntry,
  HumanTask,
  HumanTaskStatus,
  SagaFailure,
  SagaInstance,
  SagaStatus,
} from '@meridian/saga';

/** A saga in a list: where it stands, without its data and history. */
export interface SagaSummaryView {
  readonly id: string;
  readonly type: string;
  readonly definitionVersion: number;
  readonly businessKey: string;
  readonly status: SagaStatus;
  /** The step it is at (or compensating), by name; null when done or the definition is unknown. */
  readonly currentStep: string | null;
  readonly direction: string;
  readonly attempt: number;
  readonly lastError: SagaFailure | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  /** The saga's trace in Jaeger (W3C trace id of its trigger), when it was traced. */
  readonly traceId: string | null;
}

/** One saga with everything it holds: data, step history, open and past human tasks. */
export interface SagaDetailView extends SagaSummaryView {
  readonly triggerMessageId: string;
  readonly pendingCommandId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  readonly history: readonly HistoryEntry[];
  /** Optimistic-lock version: grows by one with every transition. */
  readonly version: number;
  readonly humanTasks: readonly HumanTaskView[];
}

export interface HumanTaskView {
  readonly id: string;
  readonly sagaId: string;
  readonly stepName: string;
  readonly taskType: string;
  readonly queue: string;
  readonly status: HumanTaskStatus;
  readonly dueAt: string;
  readonly createdAt: string;
  readonly completedAt: string | null;
  readonly input: Readonly<Record<string, unknown>> | null;
}

export interface SagaPage {
  readonly items: readonly SagaSummaryView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
}

/** Names the step at `stepIndex` of a saga type's definition version, if this orchestrator has it. */
export type StepNames = (type: string, version: number, stepIndex: number) => string | undefined;

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

function traceIdOf(traceContext: Readonly<Record<string, string>>): string | null {
  return TRACEPARENT.exec(traceContext['traceparent'] ?? '')?.[1] ?? null;
}

export function toSummaryView(instance: SagaInstance, stepNames: StepNames): SagaSummaryView {
  return {
    id: instance.id,
    type: instance.sagaType,
    definitionVersion: instance.definitionVersion,
    businessKey: instance.businessKey,
    status: instance.status,
    currentStep:
      stepNames(instance.sagaType, instance.definitionVersion, instance.stepIndex) ?? null,
    direction: instance.direction,
    attempt: instance.attempt,
    lastError: instance.lastError,
    startedAt: instance.startedAt.toISOString(),
    updatedAt: instance.updatedAt.toISOString(),
    traceId: traceIdOf(instance.traceContext),
  };
}

export function toDetailView(
  instance: SagaInstance,
  tasks: readonly HumanTask[],
  stepNames: StepNames,
): SagaDetailView {
  return {
    ...toSummaryView(instance, stepNames),
    triggerMessageId: instance.triggerMessageId,
    pendingCommandId: instance.pendingCommandId,
    data: instance.data,
    history: instance.history,
    version: instance.stateVersion,
    humanTasks: tasks.map(toHumanTaskView),
  };
}

export function toHumanTaskView(task: HumanTask): HumanTaskView {
  return {
    id: task.id,
    sagaId: task.sagaId,
    stepName: task.stepName,
    taskType: task.taskType,
    queue: task.queue,
    status: task.status,
    dueAt: task.dueAt.toISOString(),
    createdAt: task.createdAt.toISOString(),
    completedAt: task.completedAt?.toISOString() ?? null,
    input: task.input,
  };
}
