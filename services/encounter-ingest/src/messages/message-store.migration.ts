import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The message store: every inbound HL7 v2 and FHIR message, deduplicated by control id. */
export class MessageStore1795320000000 implements MigrationInterface {
  readonly name = 'MessageStore1795320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbound_message (
        id uuid PRIMARY KEY,
        protocol text NOT NULL CHECK (protocol IN ('HL7V2', 'FHIR')),
        control_id text,
        sending_application text,
        sending_facility text,
        message_type text,
        encounter_id text,
        received_at timestamptz NOT NULL,
        completed_at timestamptz,
        status text NOT NULL CHECK (status IN ('RECEIVED', 'PROCESSED', 'REJECTED', 'FAILED')),
        attempts int NOT NULL DEFAULT 0,
        error_detail text,
        ack_code text CHECK (ack_code IN ('AA', 'AE', 'AR')),
        ack_text text,
        event_ids text[] NOT NULL DEFAULT '{}',
        raw_payload text NOT NULL
      )`);
    // MSH-10 deduplication per sender; a sender without MSH-3/MSH-4 is still one sender.
    await q.query(`
      CREATE UNIQUE INDEX inbound_message_dedupe
        ON inbound_message (sending_application, sending_facility, control_id) NULLS NOT DISTINCT
        WHERE control_id IS NOT NULL`);
    await q.query(
      'CREATE INDEX inbound_message_received ON inbound_message (received_at DESC, id DESC)',
    );
    await q.query('CREATE INDEX inbound_message_control_id ON inbound_message (control_id)');
    await q.query('CREATE INDEX inbound_message_encounter ON inbound_message (encounter_id)');
    await q.query(
      'CREATE INDEX inbound_message_status ON inbound_message (status, received_at DESC)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE inbound_message');
  }
}
