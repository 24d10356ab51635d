// Saga definitions as code: an ordered list of steps that reads like the workflow it describes.
// A definition performs no I/O; the engine sends commands, waits and compensates.
import type { HumanTaskType, RecordContract, RecordOf, Topics, TopicContract, TopicRecordContract } from '@meridian/contracts';

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
  readonly failure: {
    readonly code: string;
    readonly message: string;
    readonly retriable: boolean;
  } | null;
}

export type CommandBody<C> = Omit<C, 'envelope' | keyof CommandHeader>;

/** A command sent to a participant and the reply that answers it. */
export interface Invocation<D extends SagaData> {
  readonly topic: TopicContract<unknown>;
  readonly command: RecordContract<unknown>;
  readonly reply: ReplyContract;
  /** The command's own fields, from the saga data. */
  readonly build: (data: D) => object;
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

export const seconds = (n: number): number => n * 1_000;
export const minutes = (n: number): number => n * 60_000;
export const hours = (n: number): number => n * 3_600_000;

/** A command step: `step(name, { invoke, onReply, compensation, timeoutMs, retry })`. */
export function commandStep<D extends SagaData, R>(
  name: string,
  spec: {
    invoke: Invocation<D>;
    onReply: (data: D, reply: R) => D;
    compensation?: Invocation<D>;
    timeoutMs: number;
    retry?: RetryPolicy;
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
  };
}

/** `invoke(topic, Command, CommandReply, data => body, data => key)`; the command must be on the topic. */
export function invoke<D extends SagaData, T extends TopicContract<unknown>, K extends TopicRecordContract<T>>(
  topic: T,
  command: K,
  reply: ReplyContract,
  build: (data: D) => CommandBody<RecordOf<K>>,
  key: (data: D) => string,
): Invocation<D> {
  return { topic, command, reply, build: build as (data: D) => object, key };
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
export function defineSaga<T, D extends SagaData>(definition: SagaDefinition<T, D>): RegisteredSaga {
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
