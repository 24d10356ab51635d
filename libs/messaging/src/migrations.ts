import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ProcessedMessage } from './consumer/processed-message.entity.js';
import { OutboxMessage } from './outbox/outbox-message.entity.js';

/** Entities a service's DataSource must list to use the outbox and consumers. */
export const MESSAGING_ENTITIES = [OutboxMessage, ProcessedMessage];

/** The outbox and processed-message tables; add to a service's migrations. */
export class MessagingTables1795300000000 implements MigrationInterface {
  readonly name = 'MessagingTables1795300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging_outbox (
        id bigserial PRIMARY KEY,
        message_id uuid NOT NULL UNIQUE,
        topic text NOT NULL,
        key text,
        value bytea NOT NULL,
        headers jsonb NOT NULL,
        record_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(
      'CREATE INDEX messaging_outbox_unpublished ON messaging_outbox (id) WHERE published_at IS NULL',
    );
    await q.query(`
      CREATE TABLE messaging_processed_message (
        consumer_group text NOT NULL,
        message_id uuid NOT NULL,
        topic text NOT NULL,
        partition int NOT NULL,
        "offset" bigint NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer_group, message_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE messaging_processed_message');
    await q.query('DROP TABLE messaging_outbox');
  }
}

/**
 * What the retention of messaging rows needs (`purgeMessagingRows`): processed-message records
 * found by age. Sent outbox rows are found by id order (the primary key), which is their age.
 */
export class MessagingRetention1797400000000 implements MigrationInterface {
  readonly name = 'MessagingRetention1797400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX messaging_processed_message_processed_at ON messaging_processed_message (processed_at)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX messaging_processed_message_processed_at');
  }
}

/** The messaging tables' migrations in order; a service's DataSource runs them all. */
export const MESSAGING_MIGRATIONS = [MessagingTables1795300000000, MessagingRetention1797400000000];
