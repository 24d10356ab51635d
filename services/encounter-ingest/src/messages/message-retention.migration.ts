import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of raw payloads: a purged message keeps its row (identity, status, ACK: what answers a
 * resend and deduplicates it) without `raw_payload` and `raw_bytes`, and `payload_purged_at` says
 * when they went. The partial index finds the payloads still kept, oldest first.
 */
export class MessageRetention1796700000000 implements MigrationInterface {
  readonly name = 'MessageRetention1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE inbound_message ALTER COLUMN raw_payload DROP NOT NULL');
    await q.query('ALTER TABLE inbound_message ADD COLUMN payload_purged_at timestamptz');
    await q.query(
      `ALTER TABLE inbound_message ADD CONSTRAINT inbound_message_payload_purged
         CHECK ((raw_payload IS NULL) = (payload_purged_at IS NOT NULL))`,
    );
    await q.query(
      `CREATE INDEX inbound_message_payload_kept ON inbound_message (received_at)
         WHERE raw_payload IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX inbound_message_payload_kept');
    await q.query('ALTER TABLE inbound_message DROP CONSTRAINT inbound_message_payload_purged');
    await q.query('ALTER TABLE inbound_message DROP COLUMN payload_purged_at');
    await q.query('DELETE FROM inbound_message WHERE raw_payload IS NULL');
    await q.query('ALTER TABLE inbound_message ALTER COLUMN raw_payload SET NOT NULL');
  }
}
