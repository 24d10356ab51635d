import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of dead letters' payloads (PHI): a purged entry keeps its row (group, positions,
 * failure, status, replays: what an operator reads) without `value`, and `payload_purged_at` says
 * when it went. The partial index finds the payloads still kept, oldest first.
 */
export class DlqPayloadRetention1797200000000 implements MigrationInterface {
  readonly name = 'DlqPayloadRetention1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE dlq_entry ADD COLUMN payload_purged_at timestamptz');
    await q.query(
      'ALTER TABLE dlq_entry ADD CONSTRAINT dlq_entry_payload_purged CHECK (payload_purged_at IS NULL OR value IS NULL)',
    );
    await q.query(
      'CREATE INDEX dlq_entry_payload_kept ON dlq_entry (received_at) WHERE payload_purged_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX dlq_entry_payload_kept');
    await q.query('ALTER TABLE dlq_entry DROP CONSTRAINT dlq_entry_payload_purged');
    await q.query('ALTER TABLE dlq_entry DROP COLUMN payload_purged_at');
  }
}
