import type { MigrationInterface, QueryRunner } from 'typeorm';

/** implant_usage (the implant-to-invoice saga's capture) and device_recall (recall reference data). */
export class ImplantUsageTables1795700000000 implements MigrationInterface {
  readonly name = 'ImplantUsageTables1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE implant_usage (
        usage_id uuid PRIMARY KEY,
        encounter_id text NOT NULL,
        issuing_agency text NOT NULL CHECK (issuing_agency IN ('GS1', 'HIBCC', 'ICCBBA')),
        device_identifier text NOT NULL,
        lot_number text,
        serial_number text,
        expiration_date date,
        manufacture_date date,
        item_id text REFERENCES supply_item (item_id),
        supplier_id text,
        consignment boolean NOT NULL,
        quantity int NOT NULL CHECK (quantity > 0),
        unit_id text,
        implanting_surgeon_npi text NOT NULL CHECK (implanting_surgeon_npi ~ '^[0-9]{10}$'),
        procedure_ref text,
        used_at timestamptz NOT NULL,
        source text NOT NULL CHECK (source IN ('SCAN', 'FHIR_PROCEDURE')),
        source_reference text,
        status text NOT NULL CHECK (status IN
          ('CAPTURED', 'CONFIRMED', 'REPLENISHMENT_REQUESTED', 'REVERSED', 'NOT_IMPLANTED')),
        recall_override jsonb,
        stock_decremented boolean NOT NULL DEFAULT false,
        saga_id uuid,
        reversal_reason text CHECK (reversal_reason IN
          ('SCANNED_IN_ERROR', 'NOT_IMPLANTED', 'WRONG_ENCOUNTER')),
        reversal_note text,
        reversed_at timestamptz,
        request_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (serial_number IS NULL OR quantity = 1),
        CHECK ((reversal_reason IS NULL) = (reversed_at IS NULL))
      )`);
    await q.query(`
      CREATE UNIQUE INDEX implant_usage_serial_in_use
        ON implant_usage (issuing_agency, device_identifier, serial_number)
        WHERE serial_number IS NOT NULL AND status <> 'REVERSED'
          AND (reversal_reason IS NULL OR reversal_reason = 'NOT_IMPLANTED')`);
    await q.query(
      'CREATE INDEX implant_usage_device_lot ON implant_usage (device_identifier, lot_number)',
    );
    await q.query('CREATE INDEX implant_usage_encounter ON implant_usage (encounter_id, used_at)');
    await q.query(`
      CREATE TABLE device_recall (
        recall_number text PRIMARY KEY,
        recall_class text NOT NULL CHECK (recall_class IN ('I', 'II', 'III')),
        issuing_agency text NOT NULL CHECK (issuing_agency IN ('GS1', 'HIBCC', 'ICCBBA')),
        device_identifier text NOT NULL,
        lots text[] NOT NULL DEFAULT '{}',
        lot_from text,
        lot_to text,
        serials text[] NOT NULL DEFAULT '{}',
        start_date date NOT NULL,
        end_date date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((lot_from IS NULL) = (lot_to IS NULL)),
        CHECK (end_date IS NULL OR end_date >= start_date)
      )`);
    await q.query(
      'CREATE INDEX device_recall_device ON device_recall (issuing_agency, device_identifier)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE device_recall');
    await q.query('DROP TABLE implant_usage');
  }
}
