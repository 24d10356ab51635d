import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ImplantUsage } from '../implants/implant-usage.entity.js';
import { ImplantUsageTables1795700000000 } from '../implants/implant-usage.migration.js';
import { ItemDeviceIdentifiers1795600050000 } from '../items/item-device-identifiers.migration.js';
import { ItemMasterSeed1795600100000 } from '../items/item-master.seed.js';
import { DeviceRecall } from '../recalls/recall.entity.js';
import { DeviceRecallWindow1795700100000 } from '../recalls/recall-window.migration.js';
import { SupplyReconciliation } from '../reconciliation/supply-reconciliation.entity.js';
import { ReplenishmentTables1796900100000 } from '../replenishment/replenishment.migration.js';
import { ConsignmentStockTables1796900000000 } from '../stock/consignment-stock.migration.js';
import { SupplyUsage } from '../usage/supply-usage.entity.js';
import { ImplantCompensationReason1796900200000 } from '../implants/compensation-reason.migration.js';

/** This service's entities, next to MESSAGING_ENTITIES. */
export const SUPPLY_ENTITIES = [SupplyUsage, SupplyReconciliation, ImplantUsage, DeviceRecall];

export class SupplyTables1795500000000 implements MigrationInterface {
  readonly name = 'SupplyTables1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supply_item (
        item_id text PRIMARY KEY,
        gtin text UNIQUE CHECK (gtin ~ '^[0-9]{14}$'),
        description text NOT NULL,
        unit_of_measure text NOT NULL,
        chargeable boolean NOT NULL,
        charge_code text,
        hcpcs_code text,
        implant boolean NOT NULL DEFAULT false,
        unit_cost numeric(14, 2) NOT NULL CHECK (unit_cost >= 0),
        CHECK (chargeable = (charge_code IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE supply_usage (
        usage_id uuid PRIMARY KEY,
        encounter_id text NOT NULL,
        item_id text NOT NULL REFERENCES supply_item (item_id),
        gtin text,
        lot_number text,
        serial_number text,
        expiration_date date,
        quantity int NOT NULL CHECK (quantity > 0),
        unit_of_measure text NOT NULL,
        chargeable boolean NOT NULL,
        charge_code text,
        hcpcs_code text,
        unit_cost numeric(14, 2) NOT NULL,
        unit_id text NOT NULL,
        used_at timestamptz NOT NULL,
        recorded_by text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        voided_at timestamptz,
        void_reason text,
        voided_by text,
        reconciled_saga_id uuid,
        reconciled_at timestamptz,
        CHECK (chargeable = (charge_code IS NOT NULL)),
        -- a usage on a claim cannot be voided; a voided one is never reconciled
        CHECK (voided_at IS NULL OR reconciled_saga_id IS NULL)
      )`);
    await q.query('CREATE INDEX supply_usage_encounter ON supply_usage (encounter_id, used_at)');
    await q.query(`
      CREATE TABLE supply_reconciliation (
        saga_id uuid PRIMARY KEY,
        step_name text NOT NULL,
        encounter_id text NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        usage_count int NOT NULL,
        lines jsonb NOT NULL,
        reconciled_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      'CREATE INDEX supply_reconciliation_encounter ON supply_reconciliation (encounter_id)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE supply_reconciliation');
    await q.query('DROP TABLE supply_usage');
    await q.query('DROP TABLE supply_item');
  }
}

/**
 * The item master as the import API writes it: several GTINs per item (each on one item), the
 * active flag, and what the implant flow of implant-to-invoice needs of an item (manufacturer,
 * model, supplier, consignment). The GTINs of existing items move to supply_item_gtin.
 */
export class ItemMasterTables1795600000000 implements MigrationInterface {
  readonly name = 'ItemMasterTables1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE supply_item_gtin (
        gtin text PRIMARY KEY CHECK (gtin ~ '^[0-9]{14}$'),
        item_id text NOT NULL REFERENCES supply_item (item_id),
        position int NOT NULL CHECK (position >= 0),
        UNIQUE (item_id, position)
      )`);
    await q.query(`
      INSERT INTO supply_item_gtin (gtin, item_id, position)
      SELECT gtin, item_id, 0 FROM supply_item WHERE gtin IS NOT NULL`);
    await q.query(`
      ALTER TABLE supply_item
        DROP COLUMN gtin,
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN manufacturer text,
        ADD COLUMN model text,
        ADD COLUMN supplier_id text,
        ADD COLUMN consignment boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE supply_item
        ADD COLUMN gtin text UNIQUE CHECK (gtin ~ '^[0-9]{14}$'),
        DROP COLUMN active,
        DROP COLUMN manufacturer,
        DROP COLUMN model,
        DROP COLUMN supplier_id,
        DROP COLUMN consignment`);
    await q.query(`
      UPDATE supply_item i SET gtin = g.gtin
        FROM supply_item_gtin g WHERE g.item_id = i.item_id AND g.position = 0`);
    await q.query('DROP TABLE supply_item_gtin');
  }
}

// The item master's first seed (ItemMasterSeed1795500100000, plain inserts) is superseded by
// ItemMasterSeed1795600100000, which writes the same items through the import API's writer: a
// database that ran the first one gets the same rows again (an upsert), a fresh one gets them there.
export const SUPPLY_MIGRATIONS = [
  SupplyTables1795500000000,
  ItemMasterTables1795600000000,
  ItemDeviceIdentifiers1795600050000,
  ItemMasterSeed1795600100000,
  ImplantUsageTables1795700000000,
  DeviceRecallWindow1795700100000,
  ConsignmentStockTables1796900000000,
  ReplenishmentTables1796900100000,
  ImplantCompensationReason1796900200000,
];
