import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A hospital's own chart: account numbers of 4 to 10 digits (the demo chart has 4). */
export class ChartImport1795600000000 implements MigrationInterface {
  readonly name = 'ChartImport1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE gl_account
        DROP CONSTRAINT gl_account_code_check,
        ADD CONSTRAINT gl_account_code_check CHECK (code ~ '^[0-9]{4,10}$')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE gl_account
        DROP CONSTRAINT gl_account_code_check,
        ADD CONSTRAINT gl_account_code_check CHECK (code ~ '^[0-9]{4}$')`);
  }
}
