import type { MigrationInterface, QueryRunner } from 'typeorm';
import { HumanTask } from './human-task.entity.js';
import { SagaInstance } from './saga-instance.entity.js';
import { SagaTimer } from './saga-timer.entity.js';

/** Entities the orchestrator's DataSource lists, next to MESSAGING_ENTITIES. */
export const SAGA_ENTITIES = [SagaInstance, SagaTimer, HumanTask];

export class SagaTables1795300100000 implements MigrationInterface {
  readonly name = 'SagaTables1795300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saga_instance (
        id uuid PRIMARY KEY,
        saga_type text NOT NULL,
        definition_version int NOT NULL,
        business_key text NOT NULL,
        dedupe_key text NOT NULL,
        trigger_message_id uuid NOT NULL,
        status text NOT NULL,
        step_index int NOT NULL,
        direction text NOT NULL,
        attempt int NOT NULL,
        data jsonb NOT NULL,
        pending_command_id uuid,
        last_error jsonb,
        history jsonb NOT NULL,
        trace_context jsonb NOT NULL,
        state_version int NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX saga_instance_business_key ON saga_instance (business_key)');
    await q.query('CREATE INDEX saga_instance_type_status ON saga_instance (saga_type, status)');
    // The operators' list: newest first, paged by (started_at, id).
    await q.query('CREATE INDEX saga_instance_started ON saga_instance (started_at DESC, id DESC)');
    // One live instance per start key: a compensated saga frees its key for a new start.
    await q.query(
      "CREATE UNIQUE INDEX saga_instance_dedupe ON saga_instance (saga_type, dedupe_key) WHERE status <> 'COMPENSATED'",
    );
    // Timers and tasks reference their instance; deferred, because a new instance's first timer is
    // written in the same transaction as (and before) the instance row.
    await q.query(`
      CREATE TABLE saga_timer (
        id bigserial PRIMARY KEY,
        saga_id uuid NOT NULL REFERENCES saga_instance (id) DEFERRABLE INITIALLY DEFERRED,
        kind text NOT NULL,
        step_index int NOT NULL,
        direction text NOT NULL,
        attempt int NOT NULL,
        due_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX saga_timer_due ON saga_timer (due_at)');
    await q.query(
      'CREATE UNIQUE INDEX saga_timer_identity ON saga_timer (saga_id, kind, step_index, direction, attempt)',
    );
    await q.query(`
      CREATE TABLE saga_human_task (
        id uuid PRIMARY KEY,
        saga_id uuid NOT NULL REFERENCES saga_instance (id) DEFERRABLE INITIALLY DEFERRED,
        step_name text NOT NULL,
        task_type text NOT NULL,
        queue text NOT NULL,
        status text NOT NULL,
        due_at timestamptz NOT NULL,
        input jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await q.query('CREATE INDEX saga_human_task_open ON saga_human_task (status, queue)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE saga_human_task');
    await q.query('DROP TABLE saga_timer');
    await q.query('DROP TABLE saga_instance');
  }
}

/** Incidents (SUSPENDED sagas) and work-queue tasks with a team, a reason and a decision. */
export class SagaFailureSemantics1795300200000 implements MigrationInterface {
  readonly name = 'SagaFailureSemantics1795300200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE saga_instance ADD COLUMN incident jsonb');
    await q.query('ALTER TABLE saga_human_task RENAME COLUMN queue TO team');
    await q.query(`
      ALTER TABLE saga_human_task
        ADD COLUMN saga_type text,
        ADD COLUMN reason_code text,
        ADD COLUMN reason text,
        ADD COLUMN details jsonb,
        ADD COLUMN action text,
        ADD COLUMN note text`);
    await q.query(
      'UPDATE saga_human_task t SET saga_type = i.saga_type FROM saga_instance i WHERE i.id = t.saga_id',
    );
    await q.query('ALTER TABLE saga_human_task ALTER COLUMN saga_type SET NOT NULL');
    await q.query('DROP INDEX saga_human_task_open');
    await q.query('CREATE INDEX saga_human_task_open ON saga_human_task (status, team)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX saga_human_task_open');
    await q.query(
      'ALTER TABLE saga_human_task DROP COLUMN saga_type, DROP COLUMN reason_code, DROP COLUMN reason, DROP COLUMN details, DROP COLUMN action, DROP COLUMN note',
    );
    await q.query('ALTER TABLE saga_human_task RENAME COLUMN team TO queue');
    await q.query('CREATE INDEX saga_human_task_open ON saga_human_task (status, queue)');
    await q.query('ALTER TABLE saga_instance DROP COLUMN incident');
  }
}

/**
 * A saga's tasks by saga: a compensation cancels them and an escalation reads them on every such
 * transition, and an instance's view lists them; without it each was a scan of every task.
 */
export class SagaHumanTaskBySaga1797300000000 implements MigrationInterface {
  readonly name = 'SagaHumanTaskBySaga1797300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX saga_human_task_saga ON saga_human_task (saga_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX saga_human_task_saga');
  }
}

/** The saga tables' migrations, in order. */
export const SAGA_MIGRATIONS = [
  SagaTables1795300100000,
  SagaFailureSemantics1795300200000,
  SagaHumanTaskBySaga1797300000000,
];
