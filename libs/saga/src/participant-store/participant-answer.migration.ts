import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `saga_participant_answer`: the answer a participant gave each saga step's command, in the
 * participant service's own database, so that a resent command (a new messageId for the same saga,
 * step and command type) is answered again instead of worked again. The service kit adds it to
 * every service that consumes; `answerCommand` and `sendReply` keep it.
 */
export class SagaParticipantAnswers1795600000000 implements MigrationInterface {
  readonly name = 'SagaParticipantAnswers1795600000000';

  async up(q: QueryRunner): Promise<void> {
    // PENDING: answered later (sendReply), command_message_id is the latest attempt, which that
    // reply will answer. SUCCEEDED: reply_json holds the result fields to send again. A FAILED
    // answer is never kept: its work was rolled back, so a resend works again.
    await q.query(`
      CREATE TABLE saga_participant_answer (
        saga_id uuid NOT NULL,
        step_name text NOT NULL,
        command_type text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('PENDING', 'SUCCEEDED')),
        command_message_id uuid NOT NULL,
        reply_record text NOT NULL,
        reply_json jsonb,
        received_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz,
        PRIMARY KEY (saga_id, step_name, command_type),
        CHECK ((outcome = 'SUCCEEDED') = (reply_json IS NOT NULL AND answered_at IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE saga_participant_answer');
  }
}
