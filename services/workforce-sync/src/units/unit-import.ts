// Importing nursing units with their rooms and beds: the one code path of
// `PUT /facilities/{facilityId}/units/{unitId}`, `POST /units/import` and the reference-data
// migration. Runs in the caller's transaction.
import { BedStatusChanged, Topics } from '@meridian/contracts';
import { IsNull, Not } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { Bed } from '../bed-board/bed.entity.js';
import { lockBoard } from '../bed-board/board-lock.js';
import type { Publish } from '../bed-board/board-transaction.js';
import { Placement } from '../placement/placement.entity.js';
import { formatRatio } from '../staffing/staffing.js';
import { planBeds } from './bed-plan.js';
import type { BedPlan } from './bed-plan.js';
import { existingFacilities } from '../facilities/facility-import.js';
import { unitName } from './unit-definition.js';
import type { BedRef, UnitDefinition, UnitKey } from './unit-definition.js';

/** A bed an import would remove while a patient is in it. */
export interface OccupiedBed extends BedRef, UnitKey {
  /** Position of the unit in the imported list. */
  readonly index: number;
  readonly status: string;
}

/** The import would remove beds patients are in: refused as a whole (the caller rolls back). */
export class OccupiedBedsError extends Error {
  readonly code = 'BED_OCCUPIED';

  constructor(readonly beds: readonly OccupiedBed[]) {
    super(`removing occupied beds ${beds.map(bedName).join(', ')}`);
    this.name = 'OccupiedBedsError';
  }
}

/** Units of facilities that do not exist: refused as a whole, nothing written. */
export class UnknownFacilitiesError extends Error {
  readonly code = 'FACILITY_UNKNOWN';

  constructor(readonly units: readonly { readonly index: number; readonly facilityId: string }[]) {
    super(`unknown facilities ${[...new Set(units.map((u) => u.facilityId))].join(', ')}`);
    this.name = 'UnknownFacilitiesError';
  }
}

/** `MGH:7N/701/B` */
export function bedName(bed: UnitKey & BedRef): string {
  return `${unitName(bed)}/${bed.roomId}/${bed.bedId}`;
}

export interface UnitImportResult extends UnitKey {
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
  readonly roomIds: string[];
  readonly bedIds: string[];
}

function rowsOf(beds: readonly BedRef[]): BedRows {
  return { roomIds: beds.map((b) => b.roomId), bedIds: beds.map((b) => b.bedId) };
}

/**
 * Creates or updates each unit (name, cost center, ratio; an unconfigured one is configured from
 * now on) and makes its beds the ones its rooms list: new beds AVAILABLE (BedStatusChanged from
 * null), beds kept as they are (status, patient), beds left out removed. A unit of a facility
 * that does not exist throws UnknownFacilitiesError before anything is written. The existing units
 * are locked first, in the order the ADT handlers lock them, so a patient is never placed in a bed
 * being removed. Removing a bed a patient is in throws OccupiedBedsError naming every such bed of
 * every unit; the caller's transaction rolls back.
 */
export async function importUnits(
  manager: EntityManager,
  units: readonly UnitDefinition[],
  options: ImportOptions,
): Promise<UnitImportResult[]> {
  const facilities = await existingFacilities(
    manager,
    units.map((u) => u.facilityId),
  );
  const unknown = units.flatMap(({ facilityId }, index) =>
    facilities.has(facilityId) ? [] : [{ index, facilityId }],
  );
  if (unknown.length > 0) throw new UnknownFacilitiesError(unknown);
  await lockBoard(manager);
  await manager.query(
    `SELECT 1 FROM unit WHERE (facility_id, unit_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
     ORDER BY facility_id, unit_id FOR UPDATE`,
    [units.map((u) => u.facilityId), units.map((u) => u.unitId)],
  );
  const results: UnitImportResult[] = [];
  const occupied: OccupiedBed[] = [];
  for (const [index, unit] of units.entries()) {
    const { result, plan } = await importUnit(manager, unit, options);
    results.push(result);
    for (const { roomId, bedId, status } of plan.occupied)
      occupied.push({
        facilityId: unit.facilityId,
        unitId: unit.unitId,
        index,
        roomId,
        bedId,
        status,
      });
  }
  if (occupied.length > 0) throw new OccupiedBedsError(occupied);
  return results;
}

/** Creates the unit (and its cost center when that is new) or updates it; answers whether it is new. */
async function upsertUnit(manager: EntityManager, unit: UnitDefinition): Promise<boolean> {
  await manager.query(
    'INSERT INTO cost_center (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING',
    [unit.costCenter, unit.name],
  );
  const [row] = await manager.query<{ created: boolean }[]>(
    `INSERT INTO unit (facility_id, unit_id, name, cost_center, patients_per_rn, configured)
     VALUES ($1, $2, $3, $4, $5, true)
     ON CONFLICT (facility_id, unit_id) DO UPDATE
       SET name = $3, cost_center = $4, patients_per_rn = $5, configured = true
     RETURNING (xmax = 0) AS created`,
    [unit.facilityId, unit.unitId, unit.name, unit.costCenter, formatRatio(unit.patientsPerRn)],
  );
  return row?.created ?? false;
}

async function importUnit(
  manager: EntityManager,
  unit: UnitDefinition,
  options: ImportOptions,
): Promise<{ result: UnitImportResult; plan: BedPlan }> {
  const { facilityId, unitId } = unit;
  const created = await upsertUnit(manager, unit);
  const existing = await manager.getRepository(Bed).findBy({ facilityId, unitId });
  const held = await manager.getRepository(Placement).findBy({
    facilityId,
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
  await addBeds(manager, unit, plan.added, options);
  const removed = plan.occupied.length === 0 ? plan.removed : [];
  await removeBeds(manager, unit, removed);
  return {
    result: { facilityId, unitId, created, bedsAdded: plan.added, bedsRemoved: removed },
    plan,
  };
}

/**
 * Adds the beds to the unit, AVAILABLE, and announces each (BedStatusChanged from null) unless
 * `publish` is null: the import's new beds, and the beds ADT names first on an unconfigured unit.
 */
export async function addBeds(
  manager: EntityManager,
  unit: UnitKey,
  beds: readonly BedRef[],
  { at, publish }: ImportOptions,
): Promise<void> {
  if (beds.length === 0) return;
  const { facilityId, unitId } = unit;
  const { roomIds, bedIds } = rowsOf(beds);
  await manager.query(
    `INSERT INTO bed (facility_id, unit_id, room_id, bed_id, status, encounter_id, since)
     SELECT $1, $2, r, b, 'AVAILABLE', NULL, $5 FROM unnest($3::text[], $4::text[]) AS t(r, b)`,
    [facilityId, unitId, roomIds, bedIds, at],
  );
  if (!publish) return;
  for (const { roomId, bedId } of beds) {
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

/**
 * Removes beds no patient is in. Placements that last held one (released or cancelled) forget it
 * (a RestoreBed then puts the patient back on the unit without a bed), and bed conflicts flagged
 * on it are cleared: the bed is gone.
 */
async function removeBeds(
  manager: EntityManager,
  unit: UnitKey,
  beds: readonly BedRef[],
): Promise<void> {
  if (beds.length === 0) return;
  const { roomIds, bedIds } = rowsOf(beds);
  const params = [unit.facilityId, unit.unitId, roomIds, bedIds];
  const removed = 'unnest($3::text[], $4::text[]) AS r(room_id, bed_id)';
  const ofUnit = (alias: string): string => `${alias}.facility_id = $1 AND ${alias}.unit_id = $2`;
  await manager.query(
    `UPDATE encounter_placement p SET room_id = NULL, bed_id = NULL FROM ${removed}
     WHERE ${ofUnit('p')} AND p.status <> 'ACTIVE' AND (p.room_id, p.bed_id) = (r.room_id, r.bed_id)`,
    params,
  );
  await manager.query(
    `UPDATE encounter_placement p SET conflict_room_id = NULL, conflict_bed_id = NULL FROM ${removed}
     WHERE ${ofUnit('p')} AND (p.conflict_room_id, p.conflict_bed_id) = (r.room_id, r.bed_id)`,
    params,
  );
  await manager.query(
    `DELETE FROM bed b USING ${removed}
     WHERE ${ofUnit('b')} AND (b.room_id, b.bed_id) = (r.room_id, r.bed_id)`,
    params,
  );
}

/** The rooms of a unit with their beds, as stored, in id order. */
export async function storedRooms(
  manager: EntityManager,
  unit: UnitKey,
): Promise<{ roomId: string; beds: string[] }[]> {
  const beds = await manager.getRepository(Bed).find({
    where: { facilityId: unit.facilityId, unitId: unit.unitId },
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
