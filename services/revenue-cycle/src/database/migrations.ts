import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ChargemasterItem } from '../chargemaster/chargemaster-item.entity.js';
import { ChargemasterSeed1795400100000 } from '../chargemaster/chargemaster.seed.js';
import { ChargeFinalization } from '../charges/charge-finalization.entity.js';
import { Charge } from '../charges/charge.entity.js';
import { ImplantChargesOnClaims1795400200000 } from '../charges/implant-charges.migration.js';
import { NotImplantedUsage } from '../charges/not-implanted-usage.entity.js';
import { Claim, ClaimLineRow } from '../claims/claim.entity.js';
import { CodingQueueItem } from '../coding/coding-queue-item.entity.js';
import { EncounterCoding } from '../coding/encounter-coding.entity.js';
import { Payer, PayerPlan } from '../payers/payer.entity.js';
import { PayerSeed1795400110000 } from '../payers/payers.seed.js';
import { RevenueReferenceData1795400050000 } from './reference-data.migration.js';

/** The entities of revenue-cycle's own tables (next to MESSAGING_ENTITIES). */
export const REVENUE_ENTITIES = [
  ChargemasterItem,
  Charge,
  ChargeFinalization,
  CodingQueueItem,
  EncounterCoding,
  Claim,
  ClaimLineRow,
  Payer,
  PayerPlan,
  NotImplantedUsage,
];

export class RevenueCycleTables1795400000000 implements MigrationInterface {
  readonly name = 'RevenueCycleTables1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE chargemaster_item (
        cdm_code text PRIMARY KEY CHECK (cdm_code ~ '^[0-9]{7,10}$'),
        description text NOT NULL,
        revenue_code text NOT NULL CHECK (revenue_code ~ '^[0-9]{4}$'),
        cpt_hcpcs_code text,
        unit_price numeric(12,2) NOT NULL CHECK (unit_price >= 0),
        active boolean NOT NULL DEFAULT true,
        kind text NOT NULL CHECK (kind IN ('ROOM_AND_BOARD', 'PROCEDURE', 'SUPPLY', 'IMPLANT')),
        unit_id text,
        item_id text,
        CHECK ((kind = 'ROOM_AND_BOARD') = (unit_id IS NOT NULL))
      )`);
    // What pricing looks rows up by: one active row per unit, procedure code and item.
    await q.query(
      "CREATE UNIQUE INDEX chargemaster_unit ON chargemaster_item (unit_id) WHERE active AND kind = 'ROOM_AND_BOARD'",
    );
    await q.query(
      "CREATE UNIQUE INDEX chargemaster_procedure ON chargemaster_item (cpt_hcpcs_code) WHERE active AND kind = 'PROCEDURE'",
    );
    await q.query(
      'CREATE UNIQUE INDEX chargemaster_item_id ON chargemaster_item (item_id) WHERE active AND item_id IS NOT NULL',
    );
    await q.query(`
      CREATE TABLE charge (
        charge_id uuid PRIMARY KEY,
        encounter_id text NOT NULL,
        saga_id uuid,
        origin text NOT NULL CHECK (origin IN ('ENCOUNTER', 'IMPLANT')),
        line_number int NOT NULL CHECK (line_number >= 1),
        cdm_code text NOT NULL REFERENCES chargemaster_item (cdm_code),
        revenue_code text NOT NULL,
        cpt_hcpcs_code text,
        units int NOT NULL CHECK (units > 0),
        unit_price numeric(12,2) NOT NULL,
        amount numeric(12,2) NOT NULL,
        service_date date NOT NULL,
        source_reference text,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'REVERSED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        reversed_at timestamptz,
        reversal_reason text
      )`);
    await q.query('CREATE INDEX charge_encounter ON charge (encounter_id, created_at)');
    await q.query('CREATE INDEX charge_saga ON charge (saga_id, line_number)');
    // One implant charge per implant-to-invoice saga: a resent PostImplantCharge finds it.
    await q.query(
      "CREATE UNIQUE INDEX charge_implant_saga ON charge (saga_id) WHERE origin = 'IMPLANT'",
    );
    await q.query(`
      CREATE TABLE charge_finalization (
        saga_id uuid PRIMARY KEY,
        encounter_id text NOT NULL,
        patient_class text NOT NULL,
        total_amount numeric(14,2) NOT NULL,
        currency text NOT NULL,
        finalized_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE coding_queue_item (
        id uuid PRIMARY KEY,
        saga_id uuid NOT NULL,
        step_name text NOT NULL,
        command_message_id uuid NOT NULL,
        encounter_id text NOT NULL,
        patient_class text NOT NULL,
        diagnoses jsonb NOT NULL,
        procedures jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('OPEN', 'COMPLETED', 'CANCELLED')),
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        UNIQUE (saga_id, step_name)
      )`);
    await q.query(
      'CREATE INDEX coding_queue_item_status ON coding_queue_item (status, created_at)',
    );
    await q.query('CREATE INDEX coding_queue_item_encounter ON coding_queue_item (encounter_id)');
    await q.query(`
      CREATE TABLE encounter_coding (
        id uuid PRIMARY KEY,
        saga_id uuid NOT NULL,
        step_name text NOT NULL,
        encounter_id text NOT NULL,
        queue_item_id uuid REFERENCES coding_queue_item (id),
        diagnoses jsonb NOT NULL,
        procedures jsonb NOT NULL,
        drg_code text,
        coded_by text NOT NULL CHECK (coded_by IN ('AUTO', 'CODER')),
        coder_id text,
        coded_at timestamptz NOT NULL,
        UNIQUE (saga_id, step_name)
      )`);
    await q.query(`
      CREATE TABLE claim (
        claim_id text PRIMARY KEY CHECK (claim_id ~ '^CLM-[0-9A-F]{8}$'),
        saga_id uuid NOT NULL UNIQUE,
        encounter_id text NOT NULL,
        claim_type text NOT NULL,
        payer_id text NOT NULL,
        plan_id text,
        patient_class text NOT NULL,
        type_of_bill text NOT NULL,
        statement_from date NOT NULL,
        statement_through date NOT NULL,
        billing_provider_npi text NOT NULL,
        attending_provider_npi text,
        principal_diagnosis_code text NOT NULL,
        drg_code text,
        diagnoses jsonb NOT NULL,
        procedures jsonb NOT NULL,
        charge_ids jsonb NOT NULL,
        total_charge numeric(14,2) NOT NULL,
        currency text NOT NULL,
        status text NOT NULL CHECK (status IN ('SUBMITTED', 'VOIDED')),
        submitted_at timestamptz NOT NULL,
        voided_at timestamptz,
        void_reason text
      )`);
    await q.query('CREATE INDEX claim_encounter ON claim (encounter_id, submitted_at)');
    await q.query(`
      CREATE TABLE claim_line (
        claim_id text NOT NULL REFERENCES claim (claim_id),
        line_number int NOT NULL CHECK (line_number >= 1),
        revenue_code text NOT NULL,
        cpt_hcpcs_code text,
        service_date date,
        units int NOT NULL CHECK (units > 0),
        charge_amount numeric(14,2) NOT NULL,
        PRIMARY KEY (claim_id, line_number)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'claim_line',
      'claim',
      'encounter_coding',
      'coding_queue_item',
      'charge_finalization',
      'charge',
      'chargemaster_item',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}

/** In order: the tables, facilities and payers, then the demo's chargemaster and payers. */
export const REVENUE_MIGRATIONS = [
  RevenueCycleTables1795400000000,
  RevenueReferenceData1795400050000,
  ChargemasterSeed1795400100000,
  PayerSeed1795400110000,
  ImplantChargesOnClaims1795400200000,
];
