import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A recall's active window as instants, written with its dates: `active_from` the start of
 * start_date, `active_until` the end of end_date (exclusive), both in FACILITY_TIMEZONE, so the
 * recall check of any caller compares an instant (a usage's usedAt) without knowing the zone.
 * Rows written before (none: the recall API came with this migration) are read as UTC dates.
 */
export class DeviceRecallWindow1795700100000 implements MigrationInterface {
  readonly name = 'DeviceRecallWindow1795700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE device_recall
        ADD COLUMN active_from timestamptz,
        ADD COLUMN active_until timestamptz`);
    await q.query(`
      UPDATE device_recall SET
        active_from = start_date::timestamp AT TIME ZONE 'UTC',
        active_until = (end_date + 1)::timestamp AT TIME ZONE 'UTC'`);
    await q.query(`
      ALTER TABLE device_recall
        ALTER COLUMN active_from SET NOT NULL,
        ADD CHECK (active_until IS NULL OR active_until > active_from)`);
    await q.query(
      'CREATE INDEX device_recall_window ON device_recall (device_identifier, active_from)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX device_recall_window');
    await q.query('ALTER TABLE device_recall DROP COLUMN active_from, DROP COLUMN active_until');
  }
}
