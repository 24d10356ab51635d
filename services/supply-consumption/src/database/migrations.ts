import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ITEM_MASTER } from '../items/item-master.data.js';
import { SupplyItem } from '../items/supply-item.entity.js';
import { SupplyReconciliation } from '../reconciliation/supply-reconciliation.entity.js';
import { SupplyUsage } from '../usage/supply-usage.entity.js';

/** This service's entities, next to MESSAGING_ENTITIES. */
export const SUPPLY_ENTITIES = [SupplyItem, SupplyUsage, SupplyReconciliation];

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

/** The item master of the shared reference data (no implants yet: implant-to-invoice adds them). */
export class ItemMasterSeed1795500100000 implements MigrationInterface {
  readonly name = 'ItemMasterSeed1795500100000';

  async up(q: QueryRunner): Promise<void> {
    for (const item of ITEM_MASTER) {
      await q.query(
        `INSERT INTO supply_item
           (item_id, gtin, description, unit_of_measure, chargeable, charge_code, hcpcs_code, implant, unit_cost)
         VALUES ($1, $2, $3, $4, $5, $6, $7, false, $8)`,
        [
          item.itemId,
          item.gtin,
          item.description,
          item.unitOfMeasure,
          item.chargeCode !== null,
          item.chargeCode,
          item.hcpcsCode,
          item.unitCost,
        ],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM supply_item WHERE item_id = ANY($1)', [
      ITEM_MASTER.map((i) => i.itemId),
    ]);
  }
}

export const SUPPLY_MIGRATIONS = [SupplyTables1795500000000, ItemMasterSeed1795500100000];
