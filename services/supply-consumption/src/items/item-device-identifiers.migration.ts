import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Device identifiers of every UDI issuing agency (GS1 GTIN, HIBCC LIC+PCN+unit of measure, ICCBBA
 * ISBT 128 processor product code), each on one item per agency; the GTINs of supply_item_gtin move
 * here as GS1. Items also get the supplier's catalogue number.
 *
 * Timestamped before ItemMasterSeed1795600100000, which writes through the import API's writer
 * (`writeItems`, which now writes this table): on a fresh database this runs first and the seed
 * finds its table; on a database that ran the seed already it runs later and moves the seeded
 * GTINs. TypeORM runs every pending migration in timestamp order, an older timestamp included.
 */
export class ItemDeviceIdentifiers1795600050000 implements MigrationInterface {
  readonly name = 'ItemDeviceIdentifiers1795600050000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supply_item_device_identifier (
        issuing_agency text NOT NULL CHECK (issuing_agency IN ('GS1', 'HIBCC', 'ICCBBA')),
        device_identifier text NOT NULL,
        item_id text NOT NULL REFERENCES supply_item (item_id),
        position int NOT NULL CHECK (position >= 0),
        PRIMARY KEY (issuing_agency, device_identifier),
        UNIQUE (item_id, position),
        CHECK (issuing_agency <> 'GS1' OR device_identifier ~ '^[0-9]{14}$')
      )`);
    await q.query(`
      INSERT INTO supply_item_device_identifier (issuing_agency, device_identifier, item_id, position)
      SELECT 'GS1', gtin, item_id, position FROM supply_item_gtin`);
    await q.query('DROP TABLE supply_item_gtin');
    await q.query('ALTER TABLE supply_item ADD COLUMN supplier_item_number text');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supply_item_gtin (
        gtin text PRIMARY KEY CHECK (gtin ~ '^[0-9]{14}$'),
        item_id text NOT NULL REFERENCES supply_item (item_id),
        position int NOT NULL CHECK (position >= 0),
        UNIQUE (item_id, position)
      )`);
    await q.query(`
      INSERT INTO supply_item_gtin (gtin, item_id, position)
      SELECT device_identifier, item_id, position FROM supply_item_device_identifier
       WHERE issuing_agency = 'GS1'`);
    await q.query('DROP TABLE supply_item_device_identifier');
    await q.query('ALTER TABLE supply_item DROP COLUMN supplier_item_number');
  }
}
