// Patients moving on the bed board: placed by ADT (admission, transfer), taken off by an
// admission cancellation. ADT is the source of truth for where a patient is.
import { Logger } from '@nestjs/common';
import type { CensusChangeReason, Location } from '@meridian/contracts';
import { NonRetriableError } from '@meridian/messaging';
import type { Bed } from '../bed-board/bed.entity.js';
import type { BoardTransaction } from '../bed-board/board-transaction.js';
import type { Unit } from '../bed-board/unit.entity.js';
import { unitName } from '../units/unit-definition.js';
import type { UnitKey } from '../units/unit-definition.js';
import type { Placement } from './placement.entity.js';

const logger = new Logger('PatientFlow');

/**
 * A bed a configured unit does not have (or a bed without a room): no retry helps, the message
 * goes to the DLQ. A unit the board does not know is no such error: it is created unconfigured.
 */
export class UnknownLocationError extends NonRetriableError {}

/** A location on the board: a unit, and one of its beds or none (a unit-only location). */
interface Target {
  readonly unit: Unit;
  readonly bed: Bed | null;
}

/** Where a placed patient ended up: the bed held, or none, and the bed ADT asked for if taken. */
interface Seat {
  readonly held: Bed | null;
  readonly conflict: Bed | null;
}

/** PV1-3 style: `unit^room^bed^facility`. */
function pl(location: Location): string {
  const { unitId, roomId, bedId, facilityId } = location;
  return [unitId, roomId ?? '', bedId ?? '', facilityId ?? ''].join('^');
}

/** The locked unit `key` of `units` (what `lockUnits` answered). */
export function unitOf(units: ReadonlyMap<string, Unit>, key: UnitKey): Unit {
  const unit = units.get(unitName(key));
  if (!unit) throw new Error(`unit ${unitName(key)} is not locked`);
  return unit;
}

/**
 * The unit (locked) and bed of `location`. A bed ADT names on an unconfigured unit is added to it
 * (ADT is all the board knows of that unit); on a configured unit it must exist.
 */
async function resolve(tx: BoardTransaction, unit: Unit, location: Location): Promise<Target> {
  const { roomId, bedId } = location;
  if (bedId === null) return { unit, bed: null };
  if (roomId === null)
    throw new UnknownLocationError(`location ${pl(location)}: a bed without a room`);
  const existing = await tx.bed(unit, roomId, bedId);
  if (existing) return { unit, bed: existing };
  if (unit.configured)
    throw new UnknownLocationError(
      `location ${pl(location)}: no such bed on unit ${unitName(unit)}`,
    );
  await tx.addBeds(unit, [{ roomId, bedId }]);
  return { unit, bed: await tx.bed(unit, roomId, bedId) };
}

/**
 * Locks the units of `keys`; the first (the target of a placement) is created unconfigured when the
 * board does not know it.
 */
async function lockTarget(
  tx: BoardTransaction,
  keys: readonly [UnitKey, ...UnitKey[]],
): Promise<Map<string, Unit>> {
  const units = await tx.lockUnits(keys);
  if (units.has(unitName(keys[0]))) return units;
  await tx.createUnconfigured(keys[0]);
  return tx.lockUnits(keys);
}

/** Whether an ACTIVE placement holds a bed. */
export function holdsBed(placement: Placement): boolean {
  return placement.status === 'ACTIVE' && placement.bedId !== null;
}

function isAt(placement: Placement, target: Target): boolean {
  if (unitName(placement) !== unitName(target.unit)) return false;
  if (target.bed === null) return placement.bedId === null && placement.conflictBedId === null;
  return placement.roomId === target.bed.roomId && placement.bedId === target.bed.bedId;
}

/**
 * Frees the bed the placement holds: to CLEANING (the patient left it) or AVAILABLE (the
 * admission never happened). False when it holds none.
 */
export async function vacate(
  tx: BoardTransaction,
  unit: Unit,
  placement: Placement,
  to: 'CLEANING' | 'AVAILABLE',
): Promise<boolean> {
  if (placement.roomId === null || placement.bedId === null) return false;
  const bed = await tx.bed(unit, placement.roomId, placement.bedId);
  if (!bed || bed.encounterId !== placement.encounterId) return false;
  await tx.setBed(unit, bed, to, placement.encounterId);
  return true;
}

/**
 * Puts the encounter in the target's bed. A bed another encounter occupies stays theirs (a late or
 * wrong ADT message must not evict a patient): the patient is on the unit without a bed and the
 * placement flags the conflict for the bed board users. A CLEANING or BLOCKED bed is taken: ADT
 * says the patient is in it.
 */
async function occupy(tx: BoardTransaction, target: Target, encounterId: string): Promise<Seat> {
  const { unit, bed } = target;
  if (!bed) return { held: null, conflict: null };
  const where = {
    encounterId,
    facilityId: unit.facilityId,
    unitId: unit.unitId,
    roomId: bed.roomId,
    bedId: bed.bedId,
  };
  if (bed.status === 'OCCUPIED' && bed.encounterId !== encounterId) {
    logger.warn({
      msg: 'bed conflict: the bed is occupied by another encounter; patient placed on the unit without a bed',
      ...where,
      occupiedBy: bed.encounterId,
    });
    return { held: null, conflict: bed };
  }
  if (bed.status !== 'OCCUPIED') {
    if (bed.status !== 'AVAILABLE')
      logger.warn({ msg: `patient placed in a ${bed.status} bed (ADT wins)`, ...where });
    await tx.setBed(unit, bed, 'OCCUPIED', encounterId);
  }
  return { held: bed, conflict: null };
}

async function seat(tx: BoardTransaction, encounterId: string, target: Target): Promise<void> {
  const { held, conflict } = await occupy(tx, target, encounterId);
  await tx.savePlacement({
    encounterId,
    facilityId: target.unit.facilityId,
    unitId: target.unit.unitId,
    roomId: held?.roomId ?? null,
    bedId: held?.bedId ?? null,
    status: 'ACTIVE',
    conflictRoomId: conflict?.roomId ?? null,
    conflictBedId: conflict?.bedId ?? null,
  });
}

/**
 * EncounterAdmitted and EncounterTransferred: the patient is now at `location`. A patient already
 * there is a replay (nothing changes); one elsewhere on the board moves (the bed left goes to
 * CLEANING); one not on the board is placed and counted with `reason`. A unit the board does not
 * know is created unconfigured; an unknown bed of a configured unit throws UnknownLocationError
 * before anything changed.
 */
export async function place(
  tx: BoardTransaction,
  encounterId: string,
  location: Location,
  reason: Extract<CensusChangeReason, 'ADMISSION' | 'TRANSFER_IN'>,
): Promise<void> {
  const placement = await tx.placement(encounterId);
  const current = placement?.status === 'ACTIVE' ? placement : null;
  const key = tx.unitOf(location);
  const units = await lockTarget(tx, current ? [key, current] : [key]);
  const target = await resolve(tx, unitOf(units, key), location);
  if (current) {
    await move(tx, current, unitOf(units, current), target);
    return;
  }
  const before = await tx.census(target.unit);
  await seat(tx, encounterId, target);
  await tx.censusChanged(target.unit, before, reason, encounterId);
}

async function move(
  tx: BoardTransaction,
  placement: Placement,
  from: Unit,
  target: Target,
): Promise<void> {
  if (isAt(placement, target)) return;
  const { encounterId } = placement;
  const to = target.unit;
  const before = { from: await tx.census(from), to: await tx.census(to) };
  await vacate(tx, from, placement, 'CLEANING');
  await seat(tx, encounterId, target);
  if (unitName(from) === unitName(to)) return; // a move within the unit leaves its census as it is
  await tx.censusChanged(from, before.from, 'TRANSFER_OUT', encounterId);
  await tx.censusChanged(to, before.to, 'TRANSFER_IN', encounterId);
}

/** EncounterAdmissionCancelled (A11): the admission never happened; its bed is AVAILABLE again. */
export async function cancelAdmission(tx: BoardTransaction, encounterId: string): Promise<void> {
  const placement = await tx.placement(encounterId);
  if (placement?.status !== 'ACTIVE') {
    logger.log({ msg: 'admission cancelled for an encounter not on the board', encounterId });
    return;
  }
  const unit = unitOf(await tx.lockUnits([placement]), placement);
  const before = await tx.census(unit);
  await vacate(tx, unit, placement, 'AVAILABLE');
  await tx.savePlacement({ ...placement, status: 'CANCELLED' });
  await tx.censusChanged(unit, before, 'CANCELLATION', encounterId);
}
