// Importing nursing units with their rooms and beds: the one code path of `PUT /units/{unitId}`,
// `POST /units/import` and the reference-data migration. Runs in the caller's transaction.
import { BedStatusChanged, Topics } from '@meridian/contracts';
import { IsNull, Not } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { Bed } from '../bed-board/bed.entity.js';
import type { Publish } from '../bed-board/board-transaction.js';
import { Placement } from '../placement/placement.entity.js';
import { formatRatio } from '../staffing/staffing.js';
import { planBeds } from './bed-plan.js';
import type { BedPlan } from './bed-plan.js';
import { DEFAULT_FACILITY_ID } from './unit-definition.js';
import type { BedRef, UnitDefinition } from './unit-definition.js';

/** A bed an import would remove while a patient is in it. */
export interface OccupiedBed extends BedRef {
  readonly unitId: string;
  /** Position of the unit in the imported list. */
  readonly index: number;
  readonly status: string;
}

/** The import would remove beds patients are in: refused as a whole (the caller rolls back). */
export class OccupiedBedsError extends Error {
  readonly code = 'BED_OCCUPIED';

  constructor(readonly beds: readonly OccupiedBed[]) {
    super(
      `removing occupied beds ${beds.map((b) => `${b.unitId}/${b.roomId}/${b.bedId}`).join(', ')}`,
    );
    this.name = 'OccupiedBedsError';
  }
}

export interface UnitImportResult {
  readonly unitId: string;
  /** The unit's facility after the import. */
  readonly facilityId: string;
  readonly created: boolean;
  readonly bedsAdded: readonly BedRef[];
  readonly bedsRemoved: readonly BedRef[];
}

export interface ImportOptions {
  /** `since` of the beds added, `changedAt` of their BedStatusChanged. */
  readonly at: Date;
  /** The outbox of the caller's transaction; null publishes nothing (the migration). */
  readonly publish: Publish | null;
}

interface BedRows {
  readonly unitIds: string[];
  readonly roomIds: string[];
  readonly bedIds: string[];
}

function rowsOf(unitId: string, beds: readonly BedRef[]): BedRows {
  return {
    unitIds: beds.map(() => unitId),
    roomIds: beds.map((b) => b.roomId),
    bedIds: beds.map((b) => b.bedId),
  };
}

/**
 * Creates or updates each unit (name, facility, cost center, ratio) and makes its beds the ones its
 * rooms list: new beds AVAILABLE (BedStatusChanged from null), beds kept as they are (status,
 * patient), beds left out removed. The existing units are locked first, in the order the ADT
 * handlers lock them, so a patient is never placed in a bed being removed. Removing a bed a
 * patient is in throws OccupiedBedsError naming every such bed of every unit; the caller's
 * transaction rolls back.
 */
export async function importUnits(
  manager: EntityManager,
  units: readonly UnitDefinition[],
  options: ImportOptions,
): Promise<UnitImportResult[]> {
  const locked = await manager.query<{ unit_id: string; facility_id: string }[]>(
    'SELECT unit_id, facility_id FROM unit WHERE unit_id = ANY($1) ORDER BY unit_id FOR UPDATE',
    [units.map((unit) => unit.unitId)],
  );
  const facilities = new Map(locked.map((row) => [row.unit_id, row.facility_id]));
  const results: UnitImportResult[] = [];
  const occupied: OccupiedBed[] = [];
  for (const [index, unit] of units.entries()) {
    const { result, plan } = await importUnit(manager, unit, facilities.get(unit.unitId), options);
    results.push(result);
    for (const { roomId, bedId, status } of plan.occupied)
      occupied.push({ unitId: unit.unitId, index, roomId, bedId, status });
  }
  if (occupied.length > 0) throw new OccupiedBedsError(occupied);
  return results;
}

/**
 * Updates the unit when it exists (`current`: its facility; the unit is locked), else creates it
 * (and its cost center when that is new); answers its facility and whether it is new.
 */
async function upsertUnit(
  manager: EntityManager,
  unit: UnitDefinition,
  current: string | undefined,
): Promise<{ facilityId: string; created: boolean }> {
  await manager.query(
    'INSERT INTO cost_center (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING',
    [unit.costCenter, unit.name],
  );
  const fields = [unit.unitId, unit.name, unit.costCenter, formatRatio(unit.patientsPerRn)];
  let existing = current;
  if (existing === undefined) {
    const [created] = await manager.query<{ facility_id: string }[]>(
      `INSERT INTO unit (unit_id, name, cost_center, patients_per_rn, facility_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_id) DO NOTHING RETURNING facility_id`,
      [...fields, unit.facilityId ?? DEFAULT_FACILITY_ID],
    );
    if (created) return { facilityId: created.facility_id, created: true };
    // Created by a concurrent import since the lock was taken: locked now, and updated.
    const [row] = await manager.query<{ facility_id: string }[]>(
      'SELECT facility_id FROM unit WHERE unit_id = $1 FOR UPDATE',
      [unit.unitId],
    );
    existing = row?.facility_id;
  }
  const facilityId = unit.facilityId ?? existing ?? DEFAULT_FACILITY_ID;
  await manager.query(
    `UPDATE unit SET name = $2, cost_center = $3, patients_per_rn = $4, facility_id = $5
     WHERE unit_id = $1`,
    [...fields, facilityId],
  );
  return { facilityId, created: false };
}

async function importUnit(
  manager: EntityManager,
  unit: UnitDefinition,
  current: string | undefined,
  { at, publish }: ImportOptions,
): Promise<{ result: UnitImportResult; plan: BedPlan }> {
  const { unitId } = unit;
  const { facilityId, created } = await upsertUnit(manager, unit, current);
  const existing = await manager.getRepository(Bed).findBy({ unitId });
  const held = await manager.getRepository(Placement).findBy({
    unitId,
    status: 'ACTIVE',
    roomId: Not(IsNull()),
    bedId: Not(IsNull()),
  });
  const plan = planBeds(
    existing,
    unit.rooms,
    held.flatMap(({ roomId, bedId }) => (roomId && bedId ? [{ roomId, bedId }] : [])),
  );
  await addBeds(manager, unitId, plan.added, at);
  if (publish) {
    for (const { roomId, bedId } of plan.added) {
      await publish(
        Topics.WorkforceBedV1,
        BedStatusChanged,
        {
          unitId,
          facilityId,
          roomId,
          bedId,
          fromStatus: null,
          toStatus: 'AVAILABLE',
          encounterId: null,
          changedAt: at,
          sagaId: null,
        },
        { key: unitId },
      );
    }
  }
  const removed = plan.occupied.length === 0 ? plan.removed : [];
  await removeBeds(manager, unitId, removed);
  return {
    result: { unitId, facilityId, created, bedsAdded: plan.added, bedsRemoved: removed },
    plan,
  };
}

async function addBeds(
  manager: EntityManager,
  unitId: string,
  beds: readonly BedRef[],
  at: Date,
): Promise<void> {
  if (beds.length === 0) return;
  const { unitIds, roomIds, bedIds } = rowsOf(unitId, beds);
  await manager.query(
    `INSERT INTO bed (unit_id, room_id, bed_id, status, encounter_id, since)
     SELECT u, r, b, 'AVAILABLE', NULL, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS t(u, r, b)`,
    [unitIds, roomIds, bedIds, at],
  );
}

/**
 * Removes beds no patient is in. Placements that last held one (released or cancelled) forget it
 * (a RestoreBed then puts the patient back on the unit without a bed), and bed conflicts flagged
 * on it are cleared: the bed is gone.
 */
async function removeBeds(
  manager: EntityManager,
  unitId: string,
  beds: readonly BedRef[],
): Promise<void> {
  if (beds.length === 0) return;
  const { roomIds, bedIds } = rowsOf(unitId, beds);
  const removed = 'unnest($2::text[], $3::text[]) AS r(room_id, bed_id)';
  await manager.query(
    `UPDATE encounter_placement p SET room_id = NULL, bed_id = NULL FROM ${removed}
     WHERE p.unit_id = $1 AND p.status <> 'ACTIVE' AND (p.room_id, p.bed_id) = (r.room_id, r.bed_id)`,
    [unitId, roomIds, bedIds],
  );
  await manager.query(
    `UPDATE encounter_placement p SET conflict_room_id = NULL, conflict_bed_id = NULL FROM ${removed}
     WHERE p.unit_id = $1 AND (p.conflict_room_id, p.conflict_bed_id) = (r.room_id, r.bed_id)`,
    [unitId, roomIds, bedIds],
  );
  await manager.query(
    `DELETE FROM bed b USING ${removed}
     WHERE b.unit_id = $1 AND (b.room_id, b.bed_id) = (r.room_id, r.bed_id)`,
    [unitId, roomIds, bedIds],
  );
}

/** The rooms of a unit with their beds, as stored, in id order. */
export async function storedRooms(
  manager: EntityManager,
  unitId: string,
): Promise<{ roomId: string; beds: string[] }[]> {
  const beds = await manager.getRepository(Bed).find({
    where: { unitId },
    order: { roomId: 'ASC', bedId: 'ASC' },
  });
  const rooms: { roomId: string; beds: string[] }[] = [];
  for (const bed of beds) {
    const room = rooms.at(-1);
    if (room?.roomId === bed.roomId) room.beds.push(bed.bedId);
    else rooms.push({ roomId: bed.roomId, beds: [bed.bedId] });
  }
  return rooms;
}
