import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * replenishment_request: the restock of supplier-owned consignment stock asked for after an
 * implant was used (implant-to-invoice's RequestReplenishment), one per usage, REQUESTED until the
 * supplier's restock is received (POST /replenishments/:id/receive).
 */
export class ReplenishmentTables1796900100000 implements MigrationInterface {
  readonly name = 'ReplenishmentTables1796900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE replenishment_request (
        replenishment_request_id uuid PRIMARY KEY,
        usage_id uuid NOT NULL UNIQUE,
        saga_id uuid,
        supplier_id text NOT NULL,
        item_id text NOT NULL REFERENCES supply_item (item_id),
        issuing_agency text NOT NULL CHECK (issuing_agency IN ('GS1', 'HIBCC', 'ICCBBA')),
        device_identifier text NOT NULL,
        quantity int NOT NULL CHECK (quantity > 0),
        unit_of_measure text NOT NULL,
        location_id text,
        po_number text NOT NULL,
        status text NOT NULL CHECK (status IN ('REQUESTED', 'RECEIVED')),
        requested_at timestamptz NOT NULL,
        received_at timestamptz,
        received_by text,
        CHECK ((status = 'RECEIVED') = (received_at IS NOT NULL)),
        CHECK (status = 'REQUESTED' OR location_id IS NOT NULL)
      )`);
    await q.query(
      'CREATE INDEX replenishment_request_supplier ON replenishment_request (supplier_id, status)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE replenishment_request');
  }
}
