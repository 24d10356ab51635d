import type { MigrationInterface, QueryRunner } from 'typeorm';
import { readImport } from '@meridian/service-kit';
import { FACILITY_IMPORT, importFacilities } from '../facilities/facility-import.js';
import { REFERENCE_FACILITIES_IMPORT } from '../facilities/reference-facilities.js';
import { REFERENCE_UNITS_IMPORT } from '../units/reference-units.js';
import { importUnits } from '../units/unit-import.js';
import { readUnitImport } from '../units/unit-import.reader.js';

/** Tables that name a unit, with the facility column they get. */
const UNIT_TABLES = ['bed', 'encounter_placement', 'employee'] as const;

/**
 * Facilities, and units keyed by (facility, unit): unit 4W of MGH and 4W of BWH are two units.
 * Existing units keep the facility they had (MGH for the reference units); beds, placements and
 * employees get their unit's facility. Units may be unconfigured (first seen in ADT): no cost
 * center, no ratio. Then the reference facility MGH is imported through the facility import, and
 * on a fresh database the reference units through the unit import (ReferenceUnits1795400200000
 * no longer does, since the import writes columns this migration adds). As there: when the
 * imports write a column a later migration adds, this migration must get SQL of its own.
 */
export class FacilityUnits1795400300000 implements MigrationInterface {
  readonly name = 'FacilityUnits1795400300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE facility (
        facility_id text PRIMARY KEY,
        name text NOT NULL,
        time_zone text,
        configured boolean NOT NULL
      )`);
    await q.query(
      'INSERT INTO facility (facility_id, name, configured) SELECT DISTINCT facility_id, facility_id, false FROM unit',
    );
    await this.keyUnitsByFacility(q);
    await importFacilities(q.manager, this.rows(REFERENCE_FACILITIES_IMPORT));
    const [{ units } = { units: 0 }] = await q.manager.query<{ units: number }[]>(
      'SELECT count(*)::int AS units FROM unit',
    );
    if (units > 0) return;
    const reference = readUnitImport(REFERENCE_UNITS_IMPORT, 'application/json');
    await importUnits(
      q.manager,
      reference.map((unit) => unit.value),
      { at: new Date(), publish: null },
    );
  }

  private rows(body: unknown) {
    return readImport(body, 'application/json', FACILITY_IMPORT).map((row) => row.value);
  }

  private async keyUnitsByFacility(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE unit
        ADD COLUMN configured boolean NOT NULL DEFAULT true,
        ALTER COLUMN cost_center DROP NOT NULL,
        ALTER COLUMN patients_per_rn DROP NOT NULL,
        ADD CONSTRAINT unit_configured
          CHECK (NOT configured OR (cost_center IS NOT NULL AND patients_per_rn IS NOT NULL))`);
    await q.query('ALTER TABLE unit ALTER COLUMN configured DROP DEFAULT');
    await q.query('ALTER TABLE employee DROP CONSTRAINT employee_unit_id_fkey');
    await q.query(
      'ALTER TABLE encounter_placement DROP CONSTRAINT encounter_placement_unit_id_fkey, DROP CONSTRAINT encounter_placement_unit_id_room_id_bed_id_fkey',
    );
    await q.query('ALTER TABLE bed DROP CONSTRAINT bed_unit_id_fkey');
    for (const table of UNIT_TABLES) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN facility_id text`);
      await q.query(
        `UPDATE ${table} t SET facility_id = u.facility_id FROM unit u WHERE u.unit_id = t.unit_id`,
      );
    }
    await q.query('ALTER TABLE bed ALTER COLUMN facility_id SET NOT NULL');
    await q.query('ALTER TABLE encounter_placement ALTER COLUMN facility_id SET NOT NULL');
    await q.query(
      'ALTER TABLE employee ADD CONSTRAINT employee_unit_facility CHECK ((unit_id IS NULL) = (facility_id IS NULL))',
    );
    await q.query(`
      ALTER TABLE unit
        DROP CONSTRAINT unit_pkey,
        ADD PRIMARY KEY (facility_id, unit_id),
        ADD FOREIGN KEY (facility_id) REFERENCES facility (facility_id)`);
    await q.query(`
      ALTER TABLE bed
        DROP CONSTRAINT bed_pkey,
        ADD PRIMARY KEY (facility_id, unit_id, room_id, bed_id),
        ADD FOREIGN KEY (facility_id, unit_id) REFERENCES unit (facility_id, unit_id)`);
    await q.query(`
      ALTER TABLE encounter_placement
        ADD FOREIGN KEY (facility_id, unit_id) REFERENCES unit (facility_id, unit_id),
        ADD FOREIGN KEY (facility_id, unit_id, room_id, bed_id)
          REFERENCES bed (facility_id, unit_id, room_id, bed_id)`);
    await q.query(
      'ALTER TABLE employee ADD FOREIGN KEY (facility_id, unit_id) REFERENCES unit (facility_id, unit_id)',
    );
    await q.query('DROP INDEX encounter_placement_active');
    await q.query(
      "CREATE INDEX encounter_placement_active ON encounter_placement (facility_id, unit_id) WHERE status = 'ACTIVE'",
    );
  }

  async down(): Promise<void> {
    // Not reversible: two facilities' units may share a code once this ran.
    throw new Error('FacilityUnits1795400300000 cannot be reverted');
  }
}
