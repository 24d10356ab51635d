import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * consignment_stock: supplier-owned implant stock per supplier, location and item, counted by the
 * import API and moved by the implant-to-invoice commands (a confirmed implant takes one off, its
 * reversal puts it back, a received restock adds it). The count may go below zero: a device used
 * while the count said none was there is still used, and the row shows a count discrepancy.
 */
export class ConsignmentStockTables1796900000000 implements MigrationInterface {
  readonly name = 'ConsignmentStockTables1796900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consignment_stock (
        supplier_id text NOT NULL,
        location_id text NOT NULL,
        item_id text NOT NULL REFERENCES supply_item (item_id),
        quantity_on_hand int NOT NULL,
        par_level int CHECK (par_level >= 0),
        counted_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (supplier_id, location_id, item_id)
      )`);
    await q.query('CREATE INDEX consignment_stock_item ON consignment_stock (item_id)');
    await q.query('CREATE INDEX consignment_stock_location ON consignment_stock (location_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE consignment_stock');
  }
}
