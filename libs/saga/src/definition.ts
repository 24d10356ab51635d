// What a saga definition is: an ordered list of steps, each a command to a participant (with its
// compensation and what to do with its rejections) or a wait for a timer or a person. Definitions
// are written with the builder in ./dsl.ts and perform no I/O; the engine sends, waits and undoes.
import type {
  Failure,
  HumanTaskType,
  RecordContract,
  Topics,
  TopicContract,
  TopicRecordContract,
} from '@meridian/contracts';
import { totalRetryDelayMs, type RetryPolicy } from '@meridian/messaging';
import { ACTIVE_STATUSES, type SagaState } from './state.js';

/** A reply record: one of those saga.replies.v1 carries. */
export type ReplyContract = TopicRecordContract<typeof Topics.SagaRepliesV1>;

/** What a saga accumulates from its trigger and its replies; stored as JSON (no Dates: use ISO strings). */
export type SagaData = { readonly [key: string]: Json };
export type Json =
  string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** Fields every command carries besides its own; the engine fills them. */
export interface CommandHeader {
  readonly sagaId: string;
  readonly sagaType: string;
  readonly stepName: string;
  /** On a compensation: the message id of the forward command it undoes. */
  readonly compensatedCommandMessageId: string;
}

/** Fields every reply carries (schemas: `<Command>Reply`). */
export interface ReplyHeader {
  readonly sagaId: string;
  readonly stepName: string;
  readonly commandMessageId: string;
  readonly outcome: string;
  /** Why a FAILED reply failed: code, message, retriable and `details` (key/value context). */
  readonly failure: Failure | null;
}

/** A command's own fields: what a definition builds from the saga data. */
export type CommandBody<C> = Omit<C, 'envelope' | keyof CommandHeader>;

/** A command sent to a participant and the reply that answers it. */
export interface Invocation<D extends SagaData> {
  readonly topic: TopicContract<unknown>;
  readonly command: RecordContract<unknown>;
  readonly reply: ReplyContract;
  /** The command's own fields from the saga data; may throw `MissingSagaDataError`. */
  readonly build: (data: D) => object;
  /** The Kafka key; absent: the saga's business key. */
  readonly key?: (data: D) => string;
}

/**
 * How long a suspended saga (an incident: a technical failure that outlived the step's retries)
 * keeps being retried on its own: capped exponential backoff within a window from the suspension.
 */
export interface IncidentPolicy {
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly windowMs: number;
}

/** Set once per saga (`.timeouts(...)`), overridden per step; configuration may override the saga's. */
export interface SagaPolicy {
  readonly replyTimeoutMs: number;
  readonly retry: RetryPolicy;
  readonly incident: IncidentPolicy;
  /** Team that owns the saga's tasks no step routes elsewhere (a compensation a participant refused). */
  readonly team: string;
  /** After this long an open task is escalated (a step's task may say otherwise). */
  readonly escalateAfterMs: number;
}

/** A task a saga waits on a person for: a wait step's, or a work item opened by a rejection. */
export interface TaskSpec<D extends SagaData> {
  readonly type: HumanTaskType;
  readonly team: string;
  /** After this long without completion the engine publishes an escalation (and keeps waiting). */
  readonly escalateAfterMs?: number;
  /** Folds the completing person's input into the saga data (default: ignored). */
  readonly onComplete?: (data: D, input: SagaData) => D;
}

/**
 * What a step does with a participant's rejection code: open a work-queue task the saga waits on
 * (its completion retries, skips or compensates), or treat it as final and compensate.
 */
export type RejectionHandling<D extends SagaData> =
  { readonly kind: 'work-item'; readonly task: TaskSpec<D> } | { readonly kind: 'final' };

export interface CommandStep<D extends SagaData> {
  readonly kind: 'command';
  readonly name: string;
  readonly invoke: Invocation<D>;
  /** Folds a successful reply into the saga data. */
  readonly onReply: (data: D, reply: never) => D;
  readonly compensation?: Invocation<D>;
  /** Overrides of the saga's policy for this step. */
  readonly replyTimeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** By rejection code; an unlisted business rejection suspends the saga for an operator. */
  readonly rejections: Readonly<Record<string, RejectionHandling<D>>>;
  /** The step runs only when this holds for the data it is entered with; otherwise it is skipped. */
  readonly when?: (data: D) => boolean;
  /** How long the step may take before the saga counts as stuck (default: all its attempts). */
  readonly expectedWithinMs?: number;
}

export interface WaitStep<D extends SagaData> {
  readonly kind: 'wait';
  readonly name: string;
  readonly timerMs?: (data: D) => number;
  readonly task?: TaskSpec<D>;
}

export type Step<D extends SagaData> = CommandStep<D> | WaitStep<D>;

export interface Trigger<T, D extends SagaData> {
  readonly topic: TopicContract<unknown>;
  readonly record: RecordContract<T>;
  readonly businessKey: (trigger: T) => string;
  readonly data: (trigger: T) => D;
  /** `business-key`: one live instance per business key; `trigger`: one instance per trigger message. */
  readonly uniqueBy: 'business-key' | 'trigger';
}

/** A message that cancels (compensates) the live or completed instance of its business key. */
export interface Cancellation<T> {
  readonly topic: TopicContract<unknown>;
  readonly record: RecordContract<T>;
  readonly businessKey: (message: T) => string;
  /** Only the messages it holds for cancel; default every one. */
  readonly when?: (message: T) => boolean;
}

export interface SagaDefinition<T = unknown, D extends SagaData = SagaData> {
  readonly name: string;
  readonly version: number;
  readonly trigger: Trigger<T, D>;
  readonly cancelledBy?: Cancellation<unknown>;
  readonly policy: SagaPolicy;
  readonly steps: readonly Step<D>[];
}

/** A definition as the engine holds it: its trigger and data types checked at authoring time. */
export type RegisteredSaga = SagaDefinition<unknown, SagaData>;

/** What configuration may override of every saga's policy (steps keep their own overrides). */
export interface PolicyOverrides {
  readonly replyTimeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  readonly incident?: Partial<IncidentPolicy>;
}

/** The definition with configuration's overrides applied to its saga-level policy. */
export function withPolicy(definition: RegisteredSaga, overrides: PolicyOverrides): RegisteredSaga {
  const { policy } = definition;
  return {
    ...definition,
    policy: {
      ...policy,
      replyTimeoutMs: overrides.replyTimeoutMs ?? policy.replyTimeoutMs,
      retry: { ...policy.retry, ...overrides.retry },
      incident: { ...policy.incident, ...overrides.incident },
    },
  };
}

export function replyTimeoutOf(definition: RegisteredSaga, step: CommandStep<SagaData>): number {
  return step.replyTimeoutMs ?? definition.policy.replyTimeoutMs;
}

export function retryOf(definition: RegisteredSaga, step: CommandStep<SagaData>): RetryPolicy {
  return step.retry ?? definition.policy.retry;
}

/**
 * When the step a saga has just moved to should have progressed at the latest: published with every
 * transition, so a saga still standing there afterwards is stuck (the observability service's
 * `/sagas/stuck`). A command step: its `expectedWithin`, else every attempt's reply timeout plus
 * the backoffs between them. Waiting on a person: the task's escalation time (a wait step's timer
 * when it has one). A suspended saga is stuck at once (an incident); a finished one expects nothing.
 */
export function stepExpectedBy(
  definition: RegisteredSaga,
  state: Pick<SagaState, 'status' | 'stepIndex' | 'data' | 'lastError'>,
  now: Date,
): Date | null {
  const step = definition.steps[state.stepIndex];
  const after = (ms: number): Date => new Date(now.getTime() + ms);
  if (state.status === 'SUSPENDED') return now;
  if (!step || !ACTIVE_STATUSES.includes(state.status)) return null;
  if (step.kind === 'wait') {
    return after(
      step.timerMs?.(state.data) ?? step.task?.escalateAfterMs ?? definition.policy.escalateAfterMs,
    );
  }
  if (state.status === 'WAITING') {
    const handling = state.lastError ? step.rejections[state.lastError.code] : undefined;
    const task = handling?.kind === 'work-item' ? handling.task : undefined;
    return after(task?.escalateAfterMs ?? definition.policy.escalateAfterMs);
  }
  if (step.expectedWithinMs !== undefined) return after(step.expectedWithinMs);
  const retry = retryOf(definition, step);
  return after(retry.attempts * replyTimeoutOf(definition, step) + totalRetryDelayMs(retry));
}

/** A value a command needs was not in the saga data: the definition's defect, raised where it is used. */
export class MissingSagaDataError extends Error {
  readonly code = 'MISSING_SAGA_DATA';
  constructor(readonly field: string) {
    super(`saga data has no ${field}`);
    this.name = 'MissingSagaDataError';
  }
}

/** `need(d, 'claimId')`: the value, or a `MissingSagaDataError` naming the field. */
export function need<D, K extends keyof D & string>(data: D, field: K): NonNullable<D[K]> {
  const value = data[field];
  if (value === undefined || value === null) throw new MissingSagaDataError(field);
  return value as NonNullable<D[K]>;
}

/** A contract value as saga data stores it: plain JSON, timestamps as ISO strings. */
export type FromJson<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? readonly FromJson<U>[]
    : T extends object
      ? { readonly [K in keyof T]: FromJson<T[K]> }
      : T;

/** A command body as a definition builds it from saga data: a timestamp may still be an ISO string (the engine revives it from the schema). */
export type Revivable<T> = T extends Date
  ? Date | string
  : T extends readonly (infer U)[]
    ? readonly Revivable<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Revivable<T[K]> }
      : T;

/** A value as saga data stores it: plain JSON, Dates as ISO strings. */
export function asJson<T>(value: T): FromJson<T> {
  return JSON.parse(JSON.stringify(value)) as FromJson<T>;
}

export const seconds = (n: number): number => n * 1_000;
export const minutes = (n: number): number => n * 60_000;
export const hours = (n: number): number => n * 3_600_000;
export const days = (n: number): number => n * 86_400_000;

/** The task a step waits on when it is WAITING forward: a wait step's, or the work item of `code`. */
export function taskOf<D extends SagaData>(
  step: Step<D> | undefined,
  code: string | null,
): TaskSpec<D> | undefined {
  if (step?.kind === 'wait') return step.task;
  const handling = code === null ? undefined : step?.rejections[code];
  return handling?.kind === 'work-item' ? handling.task : undefined;
}
