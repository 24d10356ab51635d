import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reference data a hospital of a network owns: chargemaster rows per facility (facility null: a
 * network-wide row, every facility's fallback) and the payer master with its plans.
 *
 * Ordered before the chargemaster seed (its timestamp is older) so that on a fresh database the
 * seed, which writes through the import API's writer, finds every column that writer writes. A
 * database that ran the seed already runs this one after it (TypeORM runs every migration not yet
 * run, by name): the seed's rows keep facility null, network-wide, as the seed defines them.
 */
export class RevenueReferenceData1795400050000 implements MigrationInterface {
  readonly name = 'RevenueReferenceData1795400050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE chargemaster_item ADD COLUMN facility_id text');
    // One active row per unit, procedure code and item at each facility, and one network-wide.
    await q.query('DROP INDEX chargemaster_unit, chargemaster_procedure, chargemaster_item_id');
    await q.query(
      "CREATE UNIQUE INDEX chargemaster_unit ON chargemaster_item (facility_id, unit_id) NULLS NOT DISTINCT WHERE active AND kind = 'ROOM_AND_BOARD'",
    );
    await q.query(
      "CREATE UNIQUE INDEX chargemaster_procedure ON chargemaster_item (facility_id, cpt_hcpcs_code) NULLS NOT DISTINCT WHERE active AND kind = 'PROCEDURE'",
    );
    await q.query(
      'CREATE UNIQUE INDEX chargemaster_item_id ON chargemaster_item (facility_id, item_id) NULLS NOT DISTINCT WHERE active AND item_id IS NOT NULL',
    );
    await q.query(`
      CREATE TABLE payer (
        payer_id text PRIMARY KEY,
        name text NOT NULL,
        payer_type text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE payer_plan (
        payer_id text NOT NULL REFERENCES payer (payer_id) ON DELETE CASCADE,
        plan_id text NOT NULL,
        name text NOT NULL,
        PRIMARY KEY (payer_id, plan_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE payer_plan');
    await q.query('DROP TABLE payer');
    await q.query('DROP INDEX chargemaster_unit, chargemaster_procedure, chargemaster_item_id');
    await q.query('ALTER TABLE chargemaster_item DROP COLUMN facility_id');
    await q.query(
      "CREATE UNIQUE INDEX chargemaster_unit ON chargemaster_item (unit_id) WHERE active AND kind = 'ROOM_AND_BOARD'",
    );
    await q.query(
      "CREATE UNIQUE INDEX chargemaster_procedure ON chargemaster_item (cpt_hcpcs_code) WHERE active AND kind = 'PROCEDURE'",
    );
    await q.query(
      'CREATE UNIQUE INDEX chargemaster_item_id ON chargemaster_item (item_id) WHERE active AND item_id IS NOT NULL',
    );
  }
}
