import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail of every service (audit.v1), append-only: one row per AuditRecorded, once per
 * `audit_id` (a record delivered again is not stored twice); a trigger refuses UPDATE, DELETE and
 * TRUNCATE, so a stored record never changes. `seq` orders rows of the same instant for the
 * newest-first pages (by business key, by caller).
 */
export class AuditRecords1797100000000 implements MigrationInterface {
  readonly name = 'AuditRecords1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_record (
        seq bigserial PRIMARY KEY,
        audit_id uuid NOT NULL UNIQUE,
        message_id text NOT NULL,
        source text NOT NULL,
        occurred_at timestamptz NOT NULL,
        subject text,
        username text,
        client_id text,
        role text,
        roles text[] NOT NULL,
        action text NOT NULL,
        resource text NOT NULL,
        business_key text,
        phi_read boolean NOT NULL,
        outcome text NOT NULL,
        http_status int NOT NULL,
        trace_id text,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX audit_record_business_key ON audit_record (business_key, occurred_at DESC, seq DESC)',
    );
    await q.query(
      'CREATE INDEX audit_record_subject ON audit_record (subject, occurred_at DESC, seq DESC)',
    );
    await q.query(
      'CREATE INDEX audit_record_username ON audit_record (username, occurred_at DESC, seq DESC)',
    );
    await q.query(`
      CREATE FUNCTION audit_record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_record is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TRIGGER audit_record_no_change BEFORE UPDATE OR DELETE ON audit_record
        FOR EACH ROW EXECUTE FUNCTION audit_record_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
        FOR EACH STATEMENT EXECUTE FUNCTION audit_record_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_record');
    await q.query('DROP FUNCTION audit_record_append_only()');
  }
}
