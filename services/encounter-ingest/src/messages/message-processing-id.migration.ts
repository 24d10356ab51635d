import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The HL7 v2 processing id (MSH-11.1) of each message, so training and debugging messages (`T`,
 * `D`) published to the non-production topic are told apart from production ones. Null for FHIR
 * and for messages stored before this column.
 */
export class MessageProcessingId1796600000000 implements MigrationInterface {
  readonly name = 'MessageProcessingId1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE inbound_message ADD COLUMN processing_id text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE inbound_message DROP COLUMN processing_id');
  }
}
