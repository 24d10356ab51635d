import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HL7 v2 receiving rules: the bytes of a message as received over MLLP (any charset, control
 * characters included: raw_payload is their decoded text), and what the receiver ignored.
 */
export class MessageReceiving1796500000000 implements MigrationInterface {
  readonly name = 'MessageReceiving1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE inbound_message
        ADD COLUMN raw_bytes bytea,
        ADD COLUMN ignored text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE inbound_message DROP COLUMN raw_bytes, DROP COLUMN ignored');
  }
}
