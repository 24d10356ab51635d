import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Implant charges on the encounter's claim: the finalization keeps which implant charges it
 * billed; an implant usage reported NOT_IMPLANTED (opened, wasted) is remembered, so its charge,
 * posted before or after the report, is reversed.
 */
export class ImplantChargesOnClaims1795400200000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE charge_finalization ADD COLUMN implant_charge_ids uuid[] NOT NULL DEFAULT '{}'`,
    );
    await q.query(`
      CREATE TABLE implant_not_implanted (
        usage_id uuid PRIMARY KEY,
        encounter_id text NOT NULL,
        reported_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX charge_implant_usage ON charge (source_reference) WHERE origin = 'IMPLANT'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX charge_implant_usage');
    await q.query('DROP TABLE implant_not_implanted');
    await q.query('ALTER TABLE charge_finalization DROP COLUMN implant_charge_ids');
  }
}
