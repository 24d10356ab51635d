import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AuditRecords1797100000000 } from '../audit/audit-record.migration.js';
import { DlqPayloadRetention1797200000000 } from '../dlq/dlq-retention.migration.js';

/**
 * The read model of saga.lifecycle.v1 (saga, saga_transition, human_task) and the dead letters of
 * every consumer group (dlq_entry with the original bytes, dlq_replay: who replayed what, when).
 */
export class ObservabilityTables1797000000000 implements MigrationInterface {
  readonly name = 'ObservabilityTables1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saga (
        saga_id uuid PRIMARY KEY,
        saga_type text NOT NULL,
        business_key text NOT NULL,
        status text NOT NULL,
        step_name text,
        state_version bigint NOT NULL,
        started_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        step_started_at timestamptz NOT NULL,
        step_expected_by timestamptz,
        trace_id text
      )`);
    await q.query('CREATE INDEX saga_business_key ON saga (business_key)');
    await q.query('CREATE INDEX saga_type_started ON saga (saga_type, started_at DESC)');
    await q.query(
      "CREATE INDEX saga_expected ON saga (step_expected_by) WHERE status NOT IN ('COMPLETED', 'COMPENSATED', 'FAILED')",
    );
    await q.query(`
      CREATE TABLE saga_transition (
        saga_id uuid NOT NULL,
        state_version bigint NOT NULL,
        saga_type text NOT NULL,
        step_name text,
        from_status text,
        to_status text NOT NULL,
        at timestamptz NOT NULL,
        duration_ms bigint,
        error jsonb,
        left_step text,
        left_step_ms bigint,
        saga_ms bigint,
        PRIMARY KEY (saga_id, state_version)
      )`);
    await q.query('CREATE INDEX saga_transition_at ON saga_transition (at, saga_type)');
    await q.query(`
      CREATE TABLE human_task (
        task_id uuid PRIMARY KEY,
        saga_id uuid NOT NULL,
        saga_type text NOT NULL,
        step_name text NOT NULL,
        task_type text NOT NULL,
        team text,
        reason_code text,
        due_at timestamptz NOT NULL,
        escalation_level int NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
        created_at timestamptz NOT NULL,
        closed_at timestamptz
      )`);
    await q.query('CREATE INDEX human_task_saga ON human_task (saga_id)');
    await q.query(`
      CREATE TABLE dlq_entry (
        id bigserial PRIMARY KEY,
        group_id text NOT NULL,
        dlq_topic text NOT NULL,
        partition int NOT NULL,
        "offset" bigint NOT NULL,
        original_topic text,
        original_partition int,
        original_offset bigint,
        key bytea,
        value bytea,
        headers jsonb NOT NULL,
        record_name text,
        error_class text,
        error_code text,
        error_message text,
        attempts int NOT NULL,
        failed_at timestamptz,
        status text NOT NULL CHECK (status IN ('OPEN', 'REPLAYED', 'PARKED', 'RESOLVED')),
        park_reason text,
        parked_by text,
        parked_at timestamptz,
        received_at timestamptz NOT NULL,
        UNIQUE (dlq_topic, partition, "offset")
      )`);
    await q.query('CREATE INDEX dlq_entry_group ON dlq_entry (group_id, id DESC)');
    await q.query('CREATE INDEX dlq_entry_status ON dlq_entry (status, group_id)');
    await q.query(`
      CREATE TABLE dlq_replay (
        id bigserial PRIMARY KEY,
        entry_id bigint NOT NULL REFERENCES dlq_entry (id),
        at timestamptz NOT NULL,
        by text NOT NULL,
        result text NOT NULL,
        replay_topic text NOT NULL
      )`);
    await q.query('CREATE INDEX dlq_replay_entry ON dlq_replay (entry_id, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['dlq_replay', 'dlq_entry', 'human_task', 'saga_transition', 'saga']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}

export const OBSERVABILITY_MIGRATIONS = [
  ObservabilityTables1797000000000,
  AuditRecords1797100000000,
  DlqPayloadRetention1797200000000,
];
