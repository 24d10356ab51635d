// The participant's record of every command it handled, written in the handler's transaction
// (with the processed-message row and the reply's outbox row), so tests can prove "each command
// handled exactly once" across restarts and kills.
import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';

export class ParticipantCommandLog1795400000000 implements MigrationInterface {
  readonly name = 'ParticipantCommandLog1795400000000';

  async up(q: QueryRunner): Promise<void> {
    // No unique constraint on message_id on purpose: the log observes the runtime's deduplication,
    // it must not enforce it (a duplicate would show up as a second row).
    await q.query(`
      CREATE TABLE participant_command_log (
        id bigserial PRIMARY KEY,
        participant text NOT NULL,
        command_name text NOT NULL,
        saga_id text NOT NULL,
        saga_type text NOT NULL,
        step_name text NOT NULL,
        message_id uuid NOT NULL,
        kafka_key text,
        attempt int NOT NULL,
        outcome text,
        failure_code text,
        reply_message_id uuid,
        handled_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      'CREATE INDEX participant_command_log_step ON participant_command_log (command_name, saga_id, step_name)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE participant_command_log');
  }
}

/** One handled command. `outcome` is null when the participant stayed silent. */
export interface CommandLogRow {
  readonly id: number;
  readonly participant: string;
  /** The command's full record name, e.g. health.meridian.workforce.ReleaseBed. */
  readonly name: string;
  readonly sagaId: string;
  readonly sagaType: string;
  readonly stepName: string;
  readonly messageId: string;
  readonly key: string | null;
  /** The consumer runtime's attempt (1 unless the handler itself failed and was retried). */
  readonly attempt: number;
  readonly outcome: 'SUCCEEDED' | 'FAILED' | null;
  readonly failureCode: string | null;
  readonly replyMessageId: string | null;
  readonly handledAt: Date;
}

export type NewCommandLogRow = Omit<CommandLogRow, 'id' | 'handledAt'>;

export async function insertCommandLog(
  manager: EntityManager,
  row: NewCommandLogRow,
): Promise<void> {
  await manager.query(
    `INSERT INTO participant_command_log
       (participant, command_name, saga_id, saga_type, step_name, message_id, kafka_key, attempt,
        outcome, failure_code, reply_message_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      row.participant,
      row.name,
      row.sagaId,
      row.sagaType,
      row.stepName,
      row.messageId,
      row.key,
      row.attempt,
      row.outcome,
      row.failureCode,
      row.replyMessageId,
    ],
  );
}

/** Commands of the same saga step (type, sagaId, stepName) handled before, by any participant run. */
export async function earlierCommands(
  manager: EntityManager,
  step: { readonly name: string; readonly sagaId: string; readonly stepName: string },
): Promise<number> {
  const [row] = await manager.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM participant_command_log
     WHERE command_name = $1 AND saga_id = $2 AND step_name = $3`,
    [step.name, step.sagaId, step.stepName],
  );
  return row?.n ?? 0;
}

interface RawRow {
  id: string;
  participant: string;
  command_name: string;
  saga_id: string;
  saga_type: string;
  step_name: string;
  message_id: string;
  kafka_key: string | null;
  attempt: number;
  outcome: 'SUCCEEDED' | 'FAILED' | null;
  failure_code: string | null;
  reply_message_id: string | null;
  handled_at: Date;
}

/** Every handled command, oldest first. */
export async function queryCommandLog(
  run: Pick<EntityManager, 'query'> | Pick<DataSource, 'query'>,
): Promise<CommandLogRow[]> {
  const rows = await run.query<RawRow[]>('SELECT * FROM participant_command_log ORDER BY id');
  return rows.map((r) => ({
    id: Number(r.id),
    participant: r.participant,
    name: r.command_name,
    sagaId: r.saga_id,
    sagaType: r.saga_type,
    stepName: r.step_name,
    messageId: r.message_id,
    key: r.kafka_key,
    attempt: r.attempt,
    outcome: r.outcome,
    failureCode: r.failure_code,
    replyMessageId: r.reply_message_id,
    handledAt: r.handled_at,
  }));
}

/**
 * The command log of a participant's database, read without a running participant (e.g. one
 * that runs as a child process, or was killed).
 */
export async function readCommandLog(databaseUrl: string): Promise<CommandLogRow[]> {
  const dataSource = await new DataSource({ type: 'postgres', url: databaseUrl }).initialize();
  try {
    return await queryCommandLog(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
