// The participant side of a saga: how a service answers the commands it receives. A handler does
// its work in a savepoint of the message's transaction and the reply goes through the same
// outbox, so work and reply commit together; a business rejection rolls the work back and
// replies FAILED; any other error is left to the messaging runtime (retry topics, then DLQ).
import { Topics } from '@meridian/contracts';
import type { Envelope, RecordContract, RecordOf, TopicRecordContract } from '@meridian/contracts';
import type { Draft, PublishOptions } from '@meridian/messaging';
import type { EntityManager } from 'typeorm';

/** Fields every saga command carries (schemas: `envelope`, `sagaId`, `sagaType`, `stepName`). */
export interface SagaCommand {
  readonly envelope: Envelope;
  readonly sagaId: string;
  readonly sagaType: string;
  readonly stepName: string;
}

/** The fields of a reply a participant fills itself; a result never sets them. */
export const REPLY_HEADER_FIELDS = [
  'envelope',
  'sagaId',
  'stepName',
  'commandMessageId',
  'outcome',
  'failure',
] as const;

/** The result fields of a reply type. */
export type ResultOf<R> = Partial<Omit<R, (typeof REPLY_HEADER_FIELDS)[number]>>;

/** A reply contract of saga.replies.v1. */
export type ReplyContract = TopicRecordContract<typeof Topics.SagaRepliesV1>;

/** The command a reply answers: what a participant keeps when it answers later (a human task). */
export interface CommandRef {
  readonly sagaId: string;
  readonly stepName: string;
  readonly commandMessageId: string;
}

/** Publishes in the caller's transaction: `ctx.publish`, or `outbox.publish` bound to a manager. */
export type ReplySender = (
  topic: typeof Topics.SagaRepliesV1,
  contract: ReplyContract,
  draft: Draft<RecordOf<ReplyContract>>,
  options: PublishOptions,
) => Promise<string>;

/**
 * A business rejection of a command: answered with a FAILED reply carrying `code` (UPPER_SNAKE_CASE,
 * what saga definitions branch on), never retried by the messaging runtime. `retriable` tells the
 * orchestrator whether sending the command again may succeed.
 */
export class CommandRejectedError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly details: Readonly<Record<string, string>> | null;

  constructor(
    code: string,
    message: string,
    options: { retriable?: boolean; details?: Readonly<Record<string, string>> } = {},
  ) {
    super(message);
    this.name = 'CommandRejectedError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.details = options.details ?? null;
  }
}

/** Returned by a handler that answers later (e.g. when a coder completes a queue item). */
export const DEFERRED = Symbol('deferred reply');

export type Answer<R> = ResultOf<R> | typeof DEFERRED;

/** Why a command failed, as a reply's `failure` carries it (a CommandRejectedError is one). */
export interface FailureInfo {
  readonly code: string;
  readonly message: string;
  readonly retriable: boolean;
  readonly details: Readonly<Record<string, string>> | null;
}

export type Outcome<R> =
  | { readonly outcome: 'SUCCEEDED'; readonly result: ResultOf<R> }
  | { readonly outcome: 'FAILED'; readonly failure: FailureInfo };

function resultFields(contract: RecordContract<unknown>): string[] {
  const fields = contract.schema['fields'];
  if (!Array.isArray(fields)) throw new Error(`${contract.fullName} is not an Avro record`);
  const header = new Set<string>(REPLY_HEADER_FIELDS);
  return (fields as { name: string }[]).map((f) => f.name).filter((name) => !header.has(name));
}

/**
 * The reply record without its envelope: the header from `ref`, every result field null unless
 * the result sets it (a FAILED reply sets none).
 */
export function replyDraft<K extends ReplyContract>(
  contract: K,
  ref: CommandRef,
  answer: Outcome<RecordOf<K>>,
): Draft<RecordOf<K>> {
  const result: Record<string, unknown> = answer.outcome === 'SUCCEEDED' ? answer.result : {};
  const fields = resultFields(contract);
  const unknown = Object.keys(result).filter((key) => !fields.includes(key));
  if (unknown.length > 0) {
    throw new Error(
      `${contract.fullName} has no result field ${unknown.join(', ')} (result fields: ${fields.join(', ') || 'none'})`,
    );
  }
  return {
    sagaId: ref.sagaId,
    stepName: ref.stepName,
    commandMessageId: ref.commandMessageId,
    outcome: answer.outcome,
    failure:
      answer.outcome === 'FAILED'
        ? {
            code: answer.failure.code,
            message: answer.failure.message,
            retriable: answer.failure.retriable,
            details: answer.failure.details ? { ...answer.failure.details } : null,
          }
        : null,
    ...Object.fromEntries(fields.map((name) => [name, null])),
    ...result,
  } as unknown as Draft<RecordOf<K>>;
}

/** Sends a reply (now or later) keyed by saga id, as topics.json declares for saga.replies.v1. */
export async function sendReply<K extends ReplyContract>(
  send: ReplySender,
  contract: K,
  ref: CommandRef,
  answer: Outcome<RecordOf<K>>,
): Promise<string> {
  return send(Topics.SagaRepliesV1, contract, replyDraft(contract, ref, answer), {
    key: ref.sagaId,
    correlationId: ref.sagaId,
  });
}

/** The reference a deferred answer keeps to reply later. */
export function commandRef(command: SagaCommand): CommandRef {
  return {
    sagaId: command.sagaId,
    stepName: command.stepName,
    commandMessageId: command.envelope.messageId,
  };
}

/** What a command handler gets: the transaction (a savepoint of the message's) and the sender. */
export interface CommandContext {
  readonly manager: EntityManager;
  readonly publish: ReplySender;
}

/**
 * Answers one command inside the message's transaction (`ctx` of an @OnMessage/consumer handler):
 * `work` runs in a savepoint; its result becomes a SUCCEEDED reply, a `CommandRejectedError` rolls
 * its writes back and becomes a FAILED reply, `DEFERRED` sends nothing now (the handler stored
 * `commandRef(command)` to answer with `sendReply` later). Other errors propagate to the runtime.
 */
export async function answerCommand<C extends SagaCommand, K extends ReplyContract>(
  ctx: CommandContext,
  command: C,
  reply: K,
  work: (manager: EntityManager) => Promise<Answer<RecordOf<K>>>,
): Promise<void> {
  let answer: Outcome<RecordOf<K>> | typeof DEFERRED;
  try {
    const done = await ctx.manager.transaction((savepoint) => work(savepoint));
    answer = done === DEFERRED ? DEFERRED : { outcome: 'SUCCEEDED', result: done };
  } catch (error) {
    if (!(error instanceof CommandRejectedError)) throw error;
    answer = { outcome: 'FAILED', failure: error };
  }
  if (answer === DEFERRED) return;
  await sendReply(ctx.publish, reply, commandRef(command), answer);
}
