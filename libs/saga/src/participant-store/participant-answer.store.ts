// SQL of saga_participant_answer (see its migration), always in the caller's transaction: the one
// that does a command's work and writes its reply to the outbox.
import type { EntityManager } from 'typeorm';

/** One answer per saga, step and command type (a compensation is a command type of its own). */
export interface AnswerKey {
  readonly sagaId: string;
  readonly stepName: string;
  /** Full name of the command record, e.g. `health.meridian.workforce.ReleaseBed`. */
  readonly commandType: string;
}

/** A JSON object as jsonb returns it. */
export type StoredJson = { readonly [key: string]: unknown };

export type StoredAnswer =
  | {
      /** Answered later: the reply will answer `commandMessageId`, the latest attempt. */
      readonly outcome: 'PENDING';
      readonly commandMessageId: string;
      readonly replyRecord: string;
    }
  | {
      readonly outcome: 'SUCCEEDED';
      /** The command first answered. */
      readonly commandMessageId: string;
      readonly replyRecord: string;
      /** The reply's result fields (`resultToJson`). */
      readonly result: StoredJson;
      readonly answeredAt: Date;
    };

interface AnswerRow {
  readonly outcome: string;
  readonly command_message_id: string;
  readonly reply_record: string;
  readonly reply_json: StoredJson | null;
  readonly answered_at: Date | null;
}

const KEY = 'saga_id = $1 AND step_name = $2 AND command_type = $3';
const keyParams = (key: AnswerKey): string[] => [key.sagaId, key.stepName, key.commandType];

/** A claim lost to a concurrent one that then vanished (its transaction deleted it) is retried. */
const CLAIM_ATTEMPTS = 3;

function answerOf(row: AnswerRow): StoredAnswer {
  const { outcome, command_message_id: commandMessageId, reply_record: replyRecord } = row;
  if (outcome === 'PENDING') return { outcome, commandMessageId, replyRecord };
  if (outcome === 'SUCCEEDED' && row.reply_json !== null && row.answered_at !== null) {
    return {
      outcome,
      commandMessageId,
      replyRecord,
      result: row.reply_json,
      answeredAt: row.answered_at,
    };
  }
  throw new Error(`saga_participant_answer holds an answer with outcome ${outcome}`);
}

/** The step's answer, locked until the transaction ends; null when there is none. */
export async function lockAnswer(
  manager: EntityManager,
  key: AnswerKey,
): Promise<StoredAnswer | null> {
  const rows = await manager.query<AnswerRow[]>(
    `SELECT outcome, command_message_id, reply_record, reply_json, answered_at
       FROM saga_participant_answer WHERE ${KEY} FOR UPDATE`,
    keyParams(key),
  );
  return rows[0] ? answerOf(rows[0]) : null;
}

/**
 * Claims the step's answer for a command about to be worked (a PENDING row, which the outcome
 * then settles), or returns the answer kept before, locked. A concurrent claim of the same step
 * (the resend and a retry of the first command) waits for the first transaction to end and then
 * gets its answer, so the work never runs twice.
 */
export async function claimAnswer(
  manager: EntityManager,
  key: AnswerKey,
  command: { readonly commandMessageId: string; readonly replyRecord: string },
): Promise<StoredAnswer | null> {
  for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt += 1) {
    const claimed = await manager.query<unknown[]>(
      `INSERT INTO saga_participant_answer
         (saga_id, step_name, command_type, outcome, command_message_id, reply_record)
       VALUES ($1, $2, $3, 'PENDING', $4, $5)
       ON CONFLICT (saga_id, step_name, command_type) DO NOTHING
       RETURNING saga_id`,
      [...keyParams(key), command.commandMessageId, command.replyRecord],
    );
    if (claimed.length > 0) return null;
    const stored = await lockAnswer(manager, key);
    if (stored) return stored;
  }
  throw new Error(
    `the answer of ${key.commandType} for saga ${key.sagaId} step ${key.stepName} could not be claimed`,
  );
}

/** Keeps a SUCCEEDED answer, replacing a pending one; an answer already SUCCEEDED stands. */
export async function storeSucceeded(
  manager: EntityManager,
  key: AnswerKey,
  answer: {
    readonly commandMessageId: string;
    readonly replyRecord: string;
    readonly result: StoredJson;
  },
): Promise<void> {
  await manager.query(
    `INSERT INTO saga_participant_answer
       (saga_id, step_name, command_type, outcome, command_message_id, reply_record, reply_json,
        answered_at)
     VALUES ($1, $2, $3, 'SUCCEEDED', $4, $5, $6::jsonb, now())
     ON CONFLICT (saga_id, step_name, command_type) DO UPDATE
       SET outcome = 'SUCCEEDED',
           command_message_id = EXCLUDED.command_message_id,
           reply_record = EXCLUDED.reply_record,
           reply_json = EXCLUDED.reply_json,
           answered_at = EXCLUDED.answered_at
       WHERE saga_participant_answer.outcome = 'PENDING'`,
    [...keyParams(key), answer.commandMessageId, answer.replyRecord, JSON.stringify(answer.result)],
  );
}

/** Forgets a pending answer (a rejection: the next command of the step is worked again). */
export async function forgetPending(manager: EntityManager, key: AnswerKey): Promise<void> {
  await manager.query(
    `DELETE FROM saga_participant_answer WHERE ${KEY} AND outcome = 'PENDING'`,
    keyParams(key),
  );
}

/** A pending answer will answer this command, the step's latest attempt. */
export async function readdressPending(
  manager: EntityManager,
  key: AnswerKey,
  commandMessageId: string,
): Promise<void> {
  await manager.query(
    `UPDATE saga_participant_answer SET command_message_id = $4 WHERE ${KEY} AND outcome = 'PENDING'`,
    [...keyParams(key), commandMessageId],
  );
}
