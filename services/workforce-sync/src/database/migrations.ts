import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Bed } from '../bed-board/bed.entity.js';
import { CostCenter, Unit } from '../bed-board/unit.entity.js';
import { Employee, HrEvent } from '../hr/employee.entity.js';
import { Placement } from '../placement/placement.entity.js';
import { SagaCommandResult } from '../saga/saga-command-result.entity.js';
import { Facility } from '../facilities/facility.entity.js';

/** The service's entities, next to MESSAGING_ENTITIES. */
export const WORKFORCE_ENTITIES = [
  Facility,
  CostCenter,
  Unit,
  Bed,
  Placement,
  SagaCommandResult,
  Employee,
  HrEvent,
];

export class WorkforceTables1795400000000 implements MigrationInterface {
  readonly name = 'WorkforceTables1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE cost_center (code text PRIMARY KEY, name text NOT NULL)');
    await q.query(`
      CREATE TABLE unit (
        unit_id text PRIMARY KEY,
        facility_id text NOT NULL,
        name text NOT NULL,
        cost_center text NOT NULL REFERENCES cost_center (code),
        demand_census int,
        demand_headcount int
      )`);
    await q.query(`
      CREATE TABLE bed (
        unit_id text NOT NULL REFERENCES unit (unit_id),
        room_id text NOT NULL,
        bed_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('AVAILABLE', 'OCCUPIED', 'CLEANING', 'BLOCKED')),
        encounter_id text,
        since timestamptz NOT NULL,
        PRIMARY KEY (unit_id, room_id, bed_id),
        CHECK ((status = 'OCCUPIED') = (encounter_id IS NOT NULL))
      )`);
    // An encounter occupies one bed at most.
    await q.query(
      'CREATE UNIQUE INDEX bed_encounter ON bed (encounter_id) WHERE encounter_id IS NOT NULL',
    );
    await q.query(`
      CREATE TABLE encounter_placement (
        encounter_id text PRIMARY KEY,
        unit_id text NOT NULL REFERENCES unit (unit_id),
        room_id text,
        bed_id text,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'RELEASED', 'CANCELLED')),
        conflict_room_id text,
        conflict_bed_id text,
        since timestamptz NOT NULL,
        FOREIGN KEY (unit_id, room_id, bed_id) REFERENCES bed (unit_id, room_id, bed_id)
      )`);
    await q.query(
      "CREATE INDEX encounter_placement_active ON encounter_placement (unit_id) WHERE status = 'ACTIVE'",
    );
    await q.query(`
      CREATE TABLE saga_command_result (
        saga_id uuid NOT NULL,
        step_name text NOT NULL,
        command text NOT NULL,
        command_message_id uuid NOT NULL,
        encounter_id text NOT NULL,
        result jsonb NOT NULL,
        answered_at timestamptz NOT NULL,
        PRIMARY KEY (saga_id, step_name, command)
      )`);
    await q.query(`
      CREATE TABLE employee (
        employee_id text PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'TERMINATED')),
        job_code text NOT NULL,
        role text NOT NULL,
        cost_center text NOT NULL REFERENCES cost_center (code),
        unit_id text REFERENCES unit (unit_id),
        fte numeric(3, 2) NOT NULL,
        effective_date date NOT NULL,
        last_event_id text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX employee_cost_center ON employee (cost_center, employee_id)');
    await q.query(`
      CREATE TABLE hr_event (
        event_id text PRIMARY KEY,
        employee_id text NOT NULL,
        type text NOT NULL,
        received_at timestamptz NOT NULL,
        result json NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'hr_event',
      'employee',
      'saga_command_result',
      'encounter_placement',
      'bed',
      'unit',
      'cost_center',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}

/**
 * Seeded the reference units with SQL of its own. Superseded by ReferenceUnits1795400200000, which
 * loads them through the import API's code path: kept (empty) because databases record it as run.
 */
export class BedBoardSeed1795400100000 implements MigrationInterface {
  readonly name = 'BedBoardSeed1795400100000';

  async up(): Promise<void> {
    // Nothing: ReferenceUnits1795400200000 imports the units.
  }

  async down(): Promise<void> {
    // Nothing: the units are reference data, kept.
  }
}

/**
 * Units get their nurse ratio (`patients_per_rn`). This migration imported the reference units of
 * facility MGH through the unit import too; since the import writes the facility columns of
 * FacilityUnits1795400300000, that migration imports them on a fresh database instead (databases
 * that ran this one have them).
 */
export class ReferenceUnits1795400200000 implements MigrationInterface {
  readonly name = 'ReferenceUnits1795400200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE unit ADD COLUMN patients_per_rn numeric(5, 2) CHECK (patients_per_rn > 0)',
    );
    await q.query('ALTER TABLE unit ALTER COLUMN patients_per_rn SET NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    // The units stay: they are reference data, no longer this migration's to remove.
    await q.query('ALTER TABLE unit DROP COLUMN patients_per_rn');
  }
}
