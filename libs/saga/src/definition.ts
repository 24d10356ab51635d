// Saga definitions as code: an ordered list of steps that reads like the workflow it describes.
// A definition performs no I/O; the engine sends commands, waits and compensates.
import type {
  Failure,
  HumanTaskType,
  RecordContract,
  RecordOf,
  Topics,
  TopicContract,
  TopicRecordContract,
} from '@meridian/contracts';

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

export type CommandBody<C> = Omit<C, 'envelope' | keyof CommandHeader>;

/** A command sent to a participant and the reply that answers it. */
export interface Invocation<D extends SagaData> {
  readonly topic: TopicContract<unknown>;
  readonly command: RecordContract<unknown>;
  readonly reply: ReplyContract;
  /**
   * The command's own fields, from the saga data. A compensation also gets the message id of the
   * forward command it undoes (`compensatedCommandMessageId`); a forward command gets null.
   */
  readonly build: (data: D, forwardCommandId: string | null) => object;
  /** The Kafka key: the business key that keeps one flow's commands in order. */
  readonly key: (data: D) => string;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly backoffMs: number;
}

export interface CommandStep<D extends SagaData> {
  readonly kind: 'command';
  readonly name: string;
  readonly invoke: Invocation<D>;
  /** Folds a successful reply into the saga data. */
  readonly onReply: (data: D, reply: never) => D;
  readonly compensation?: Invocation<D>;
  /** How long to wait for the reply before the attempt counts as failed. */
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  /** A failure a person resolves: the saga waits on a human task instead of compensating. */
  readonly exception?: ExceptionTask<D>;
}

/**
 * When the reply fails with `code`, open `task`; once a person completes it, either `retry` the
 * command (say, after fixing the item master) or `continue` with the next step.
 */
export interface ExceptionTask<D extends SagaData> {
  readonly code: string;
  readonly task: HumanTaskSpec<D>;
  readonly then: 'retry' | 'continue';
}

/** The human task a step waits on, if any: a wait step's, or a command step's exception task. */
export function humanTaskOf<D extends SagaData>(
  step: Step<D> | undefined,
): HumanTaskSpec<D> | undefined {
  if (step?.kind === 'wait') return step.humanTask;
  return step?.exception?.task;
}

export interface HumanTaskSpec<D extends SagaData> {
  readonly type: HumanTaskType;
  readonly queue: string;
  /** After this long without completion the engine publishes an escalation (and keeps waiting). */
  readonly escalateAfterMs: number;
  /** Folds the completing person's input into the saga data. */
  readonly onComplete: (data: D, input: SagaData) => D;
}

export interface WaitStep<D extends SagaData> {
  readonly kind: 'wait';
  readonly name: string;
  readonly timerMs?: (data: D) => number;
  readonly humanTask?: HumanTaskSpec<D>;
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
}

export interface SagaDefinition<T = unknown, D extends SagaData = SagaData> {
  readonly name: string;
  readonly version: number;
  readonly trigger: Trigger<T, D>;
  readonly cancelledBy?: Cancellation<unknown>;
  readonly steps: readonly Step<D>[];
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

/** A command step: `step(name, { invoke, onReply, compensation, timeoutMs, retry })`. */
export function commandStep<D extends SagaData, R>(
  name: string,
  spec: {
    invoke: Invocation<D>;
    onReply: (data: NoInfer<D>, reply: R) => NoInfer<D>;
    compensation?: Invocation<NoInfer<D>>;
    timeoutMs: number;
    retry?: RetryPolicy;
    exception?: ExceptionTask<NoInfer<D>>;
  },
): CommandStep<D> {
  return {
    kind: 'command',
    name,
    invoke: spec.invoke,
    onReply: spec.onReply as (data: D, reply: never) => D,
    ...(spec.compensation ? { compensation: spec.compensation } : {}),
    timeoutMs: spec.timeoutMs,
    retry: spec.retry ?? { attempts: 1, backoffMs: 0 },
    ...(spec.exception ? { exception: spec.exception } : {}),
  };
}

/** `invoke(topic, Command, CommandReply, data => body, data => key)`; the command must be on the topic. */
export function invoke<
  D extends SagaData,
  T extends TopicContract<unknown>,
  K extends TopicRecordContract<T>,
>(
  topic: T,
  command: K,
  reply: ReplyContract,
  build: (data: D, forwardCommandId: string | null) => Revivable<CommandBody<RecordOf<K>>>,
  key: (data: D) => string,
): Invocation<D> {
  return { topic, command, reply, build: build as Invocation<D>['build'], key };
}

/** A definition as the engine holds it: its trigger and data types checked at authoring time. */
export type RegisteredSaga = SagaDefinition<unknown, SagaData>;

/** `cancelledBy: cancellation(topic, Record, message => businessKey)`. */
export function cancellation<T>(
  topic: TopicContract<unknown>,
  record: RecordContract<T>,
  businessKey: (message: T) => string,
): Cancellation<unknown> {
  return { topic, record, businessKey: businessKey as (message: unknown) => string };
}

/** Checks a definition and hands it to the engine with its types erased. */
export function defineSaga<T, D extends SagaData>(
  definition: SagaDefinition<T, D>,
): RegisteredSaga {
  const names = new Set<string>();
  for (const step of definition.steps) {
    if (names.has(step.name))
      throw new Error(`${definition.name} v${definition.version}: step ${step.name} appears twice`);
    names.add(step.name);
    if (step.kind === 'wait' && !step.timerMs === !step.humanTask) {
      throw new Error(
        `${definition.name}: wait step ${step.name} needs exactly one of a timer or a human task`,
      );
    }
    if (step.kind === 'command' && step.retry.attempts < 1)
      throw new Error(`${definition.name}: step ${step.name} needs at least one attempt`);
  }
  return definition as unknown as RegisteredSaga;
}
