// The participant side of a saga: how a service answers the commands it receives. A handler does
// its work in a savepoint of the message's transaction and the reply goes through the same
// outbox, so work and reply commit together; a business rejection rolls the work back and
// replies FAILED; any other error is left to the messaging runtime (retry topics, then DLQ).
// Each saga step's answer is kept in the same transaction, so a resent command (the orchestrator
// retrying after a timeout) is answered again, never worked twice.
import { Topics } from '@meridian/contracts';
import type { Envelope, Failure, RecordContract, RecordOf } from '@meridian/contracts';
import { NonRetriableError } from '@meridian/messaging';
import type { Draft, PublishOptions } from '@meridian/messaging';
import type { EntityManager } from 'typeorm';
import {
  claimAnswer,
  forgetPending,
  lockAnswer,
  readdressPending,
  storeSucceeded,
} from '../participant-store/participant-answer.store.js';
import type { AnswerKey, StoredAnswer } from '../participant-store/participant-answer.store.js';
import type { ReplyContract } from '../definition.js';
import { REPLY_HEADER_FIELDS } from './reply-header.js';
import { checkStorable, commandTypeOf, resultFromJson, resultToJson } from './stored-reply.js';

/** Fields every saga command carries (schemas: `envelope`, `sagaId`, `sagaType`, `stepName`). */
export interface SagaCommand {
  readonly envelope: Envelope;
  readonly sagaId: string;
  readonly sagaType: string;
  readonly stepName: string;
}

export { REPLY_HEADER_FIELDS };

/** The result fields of a reply type. */
export type ResultOf<R> = Partial<Omit<R, (typeof REPLY_HEADER_FIELDS)[number]>>;

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

export type Outcome<R> =
  | { readonly outcome: 'SUCCEEDED'; readonly result: ResultOf<R> }
  | { readonly outcome: 'FAILED'; readonly failure: Failure };

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

/** The reference a deferred answer keeps to reply later. */
export function commandRef(command: SagaCommand): CommandRef {
  return {
    sagaId: command.sagaId,
    stepName: command.stepName,
    commandMessageId: command.envelope.messageId,
  };
}

/**
 * A transaction and a sender that publishes in it: the message's `ctx` for `answerCommand`, the
 * caller's own transaction for a `sendReply` later.
 */
export interface CommandContext {
  readonly manager: EntityManager;
  readonly publish: ReplySender;
}

const answerKey = (ref: CommandRef, reply: ReplyContract): AnswerKey => ({
  sagaId: ref.sagaId,
  stepName: ref.stepName,
  commandType: commandTypeOf(reply),
});

/**
 * Publishes an answer keyed by saga id (as topics.json declares for saga.replies.v1) and keeps it:
 * a SUCCEEDED answer is stored for resends (replacing a pending one), a FAILED one forgets a
 * pending one, so the next command of the step is worked again.
 */
async function publishAnswer<K extends ReplyContract>(
  ctx: CommandContext,
  contract: K,
  ref: CommandRef,
  answer: Outcome<RecordOf<K>>,
): Promise<string> {
  const draft = replyDraft(contract, ref, answer);
  const key = answerKey(ref, contract);
  if (answer.outcome === 'SUCCEEDED') {
    await storeSucceeded(ctx.manager, key, {
      commandMessageId: ref.commandMessageId,
      replyRecord: contract.fullName,
      result: resultToJson(draft as Readonly<Record<string, unknown>>),
    });
  } else {
    await forgetPending(ctx.manager, key);
  }
  return ctx.publish(Topics.SagaRepliesV1, contract, draft, {
    key: ref.sagaId,
    correlationId: ref.sagaId,
  });
}

/**
 * Sends a deferred answer (a handler returned `DEFERRED` and kept `ref`) in the caller's
 * transaction, and keeps it as the step's answer. When the step's command was resent while the
 * answer was pending, the reply answers the latest attempt rather than `ref.commandMessageId`.
 */
export async function sendReply<K extends ReplyContract>(
  ctx: CommandContext,
  contract: K,
  ref: CommandRef,
  answer: Outcome<RecordOf<K>>,
): Promise<string> {
  checkStorable(contract);
  const stored = await lockAnswer(ctx.manager, answerKey(ref, contract));
  const to =
    stored?.outcome === 'PENDING' ? { ...ref, commandMessageId: stored.commandMessageId } : ref;
  return publishAnswer(ctx, contract, to, answer);
}

/** A command of a step answered before: the kept answer, addressed to this command. */
async function answerAgain<K extends ReplyContract>(
  ctx: CommandContext,
  contract: K,
  ref: CommandRef,
  stored: StoredAnswer,
): Promise<void> {
  if (stored.replyRecord !== contract.fullName) {
    throw new NonRetriableError(
      `${commandTypeOf(contract)} of saga ${ref.sagaId} step ${ref.stepName} was answered with a ${stored.replyRecord}, not a ${contract.fullName}`,
    );
  }
  if (stored.outcome === 'PENDING') {
    await readdressPending(ctx.manager, answerKey(ref, contract), ref.commandMessageId);
    return;
  }
  const result = resultFromJson(contract, stored.result) as ResultOf<RecordOf<K>>;
  await ctx.publish(
    Topics.SagaRepliesV1,
    contract,
    replyDraft(contract, ref, { outcome: 'SUCCEEDED', result }),
    { key: ref.sagaId, correlationId: ref.sagaId },
  );
}

/**
 * Answers one command inside the message's transaction (`ctx` of an @OnMessage/consumer handler),
 * once per saga, step and command type (`saga_participant_answer`):
 *
 * - `work` runs in a savepoint; its result becomes a SUCCEEDED reply, kept as the step's answer.
 * - A `CommandRejectedError` rolls its writes back and becomes a FAILED reply, not kept: a resend
 *   (after someone fixed the master data) runs `work` again.
 * - `DEFERRED` sends nothing now (the handler kept `commandRef(command)` to answer with `sendReply`
 *   later); the answer is pending until then.
 * - A resent command of a step answered SUCCEEDED gets the kept reply again (same result fields,
 *   addressed to the new command) without `work`; one whose answer is pending gets nothing now.
 *
 * Other errors propagate to the runtime (retry topics, then DLQ), rolling everything back.
 */
export async function answerCommand<C extends SagaCommand, K extends ReplyContract>(
  ctx: CommandContext,
  command: C,
  reply: K,
  work: (manager: EntityManager) => Promise<Answer<RecordOf<K>>>,
): Promise<void> {
  checkStorable(reply);
  const ref = commandRef(command);
  const stored = await claimAnswer(ctx.manager, answerKey(ref, reply), {
    commandMessageId: ref.commandMessageId,
    replyRecord: reply.fullName,
  });
  if (stored) return answerAgain(ctx, reply, ref, stored);
  let answer: Outcome<RecordOf<K>> | typeof DEFERRED;
  try {
    const done = await ctx.manager.transaction((savepoint) => work(savepoint));
    answer = done === DEFERRED ? DEFERRED : { outcome: 'SUCCEEDED', result: done };
  } catch (error) {
    if (!(error instanceof CommandRejectedError)) throw error;
    answer = { outcome: 'FAILED', failure: error };
  }
  if (answer === DEFERRED) return; // the claim stays, pending until sendReply
  await publishAnswer(ctx, reply, ref, answer);
}
