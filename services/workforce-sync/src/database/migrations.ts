import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Bed } from '../bed-board/bed.entity.js';
import { bedsOf, FACILITY_ID, REFERENCE_UNITS } from '../bed-board/reference-units.js';
import { CostCenter, Unit } from '../bed-board/unit.entity.js';
import { Employee, HrEvent } from '../hr/employee.entity.js';
import { Placement } from '../placement/placement.entity.js';
import { SagaCommandResult } from '../saga/saga-command-result.entity.js';

/** The service's entities, next to MESSAGING_ENTITIES. */
export const WORKFORCE_ENTITIES = [
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

/** The reference units of facility MGH with their cost centers and beds, all AVAILABLE. */
export class BedBoardSeed1795400100000 implements MigrationInterface {
  readonly name = 'BedBoardSeed1795400100000';

  async up(q: QueryRunner): Promise<void> {
    for (const unit of REFERENCE_UNITS) {
      await q.query('INSERT INTO cost_center (code, name) VALUES ($1, $2)', [
        unit.costCenter,
        unit.name,
      ]);
      await q.query(
        'INSERT INTO unit (unit_id, facility_id, name, cost_center) VALUES ($1, $2, $3, $4)',
        [unit.unitId, FACILITY_ID, unit.name, unit.costCenter],
      );
      for (const { roomId, bedId } of bedsOf(unit)) {
        await q.query(
          "INSERT INTO bed (unit_id, room_id, bed_id, status, since) VALUES ($1, $2, $3, 'AVAILABLE', now())",
          [unit.unitId, roomId, bedId],
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const units = REFERENCE_UNITS.map((u) => u.unitId);
    await q.query('DELETE FROM bed WHERE unit_id = ANY($1)', [units]);
    await q.query('DELETE FROM unit WHERE unit_id = ANY($1)', [units]);
    await q.query('DELETE FROM cost_center WHERE code = ANY($1)', [
      REFERENCE_UNITS.map((u) => u.costCenter),
    ]);
  }
}
