import type {
  HistoryEntry,
  HumanTask,
  HumanTaskStatus,
  Incident,
  SagaFailure,
  SagaInstance,
  SagaStatus,
  TaskAction,
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
  /** While SUSPENDED: since when, and the automatic retries so far. */
  readonly incident: Incident | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  /** The saga's trace (W3C trace id of its trigger), when it was traced. */
  readonly traceId: string | null;
  /** That trace in Jaeger's UI (`${JAEGER_URL}/trace/<traceId>`); null without either. */
  readonly traceUrl: string | null;
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
  readonly sagaType: string;
  readonly stepName: string;
  readonly taskType: string;
  /** The owning team's queue, e.g. revenue-integrity. */
  readonly team: string;
  readonly status: HumanTaskStatus;
  /** The rejection code that opened it, its reason and the data needed to fix it. */
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly details: Readonly<Record<string, string>> | null;
  readonly dueAt: string;
  readonly createdAt: string;
  /** Seconds since it was opened (until it was completed). */
  readonly ageSeconds: number;
  readonly completedAt: string | null;
  readonly action: TaskAction | null;
  readonly note: string | null;
  readonly input: Readonly<Record<string, unknown>> | null;
}

export interface SagaPage {
  readonly items: readonly SagaSummaryView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
}

/** Names the step at `stepIndex` of a saga type's definition version, if this orchestrator has it. */
export type StepNames = (type: string, version: number, stepIndex: number) => string | undefined;

/** What a view needs besides the saga: its definitions' step names and where traces are seen. */
export interface ViewContext {
  readonly stepNames: StepNames;
  /** `JAEGER_URL`, Jaeger's UI; undefined: no trace links. */
  readonly jaegerUrl: string | undefined;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;

function traceIdOf(traceContext: Readonly<Record<string, string>>): string | null {
  return TRACEPARENT.exec(traceContext['traceparent'] ?? '')?.[1] ?? null;
}

function traceUrlOf(jaegerUrl: string | undefined, traceId: string | null): string | null {
  return jaegerUrl && traceId ? `${jaegerUrl.replace(/\/+$/, '')}/trace/${traceId}` : null;
}

export function toSummaryView(
  instance: SagaInstance,
  { stepNames, jaegerUrl }: ViewContext,
): SagaSummaryView {
  const traceId = traceIdOf(instance.traceContext);
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
    incident: instance.incident,
    startedAt: instance.startedAt.toISOString(),
    updatedAt: instance.updatedAt.toISOString(),
    traceId,
    traceUrl: traceUrlOf(jaegerUrl, traceId),
  };
}

export function toDetailView(
  instance: SagaInstance,
  tasks: readonly HumanTask[],
  context: ViewContext,
): SagaDetailView {
  return {
    ...toSummaryView(instance, context),
    triggerMessageId: instance.triggerMessageId,
    pendingCommandId: instance.pendingCommandId,
    data: instance.data,
    history: instance.history,
    version: instance.stateVersion,
    humanTasks: tasks.map((t) => toHumanTaskView(t)),
  };
}

export function toHumanTaskView(task: HumanTask, now: Date = new Date()): HumanTaskView {
  const until = task.completedAt ?? now;
  return {
    id: task.id,
    sagaId: task.sagaId,
    sagaType: task.sagaType,
    stepName: task.stepName,
    taskType: task.taskType,
    team: task.team,
    status: task.status,
    reasonCode: task.reasonCode,
    reason: task.reason,
    details: task.details,
    dueAt: task.dueAt.toISOString(),
    createdAt: task.createdAt.toISOString(),
    ageSeconds: Math.max(0, Math.floor((until.getTime() - task.createdAt.getTime()) / 1000)),
    completedAt: task.completedAt?.toISOString() ?? null,
    action: task.action,
    note: task.note,
    input: task.input,
  };
}
