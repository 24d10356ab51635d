import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A usage reversed by the saga's compensation records it (reason SAGA_COMPENSATION and time). */
export class ImplantCompensationReason1796900200000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE implant_usage
        DROP CONSTRAINT implant_usage_reversal_reason_check,
        ADD CONSTRAINT implant_usage_reversal_reason_check CHECK (reversal_reason IN
          ('SCANNED_IN_ERROR', 'NOT_IMPLANTED', 'WRONG_ENCOUNTER', 'SAGA_COMPENSATION'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE implant_usage
        DROP CONSTRAINT implant_usage_reversal_reason_check,
        ADD CONSTRAINT implant_usage_reversal_reason_check CHECK (reversal_reason IN
          ('SCANNED_IN_ERROR', 'NOT_IMPLANTED', 'WRONG_ENCOUNTER'))`);
  }
}
