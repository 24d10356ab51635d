// discharge-to-revenue step 1 and its compensation on the bed board.
import { Logger } from '@nestjs/common';
import type { Location } from '@meridian/contracts';
import { CommandRejectedError } from '@meridian/saga';
import type { BoardTransaction } from '../bed-board/board-transaction.js';
import { holdsBed, unitOf, vacate } from '../placement/patient-flow.js';
import { unitName } from '../units/unit-definition.js';
import { bedName } from '../units/unit-import.js';
import type { BedCommandResult } from './saga-command-result.entity.js';

const logger = new Logger('BedRelease');

/**
 * An encounter the board does not hold (never placed, admission cancelled): nothing to release or
 * restore. Answered with no bed status and the census of the command's unit (null when the unit
 * is not on the board, e.g. an ED or outpatient location), so the saga goes on.
 */
async function nothingHeld(
  tx: BoardTransaction,
  encounterId: string,
  location: Location,
): Promise<BedCommandResult> {
  logger.log({ msg: 'encounter not on the bed board: nothing to do', encounterId });
  const unit = tx.unitOf(location);
  const units = await tx.lockUnits([unit]);
  return {
    bedStatus: null,
    unitCensus: units.has(unitName(unit)) ? await tx.census(unit) : null,
  };
}

/**
 * ReleaseBed: the encounter leaves the board, its bed goes to CLEANING and its unit's census
 * drops. The encounter's placement is the truth: a patient transferred since the discharge
 * location was recorded releases the bed it holds now; one without a bed releases none
 * (bedStatus null) but still leaves the census. Already released: the same answer again.
 */
export async function releaseBed(
  tx: BoardTransaction,
  encounterId: string,
  location: Location,
): Promise<BedCommandResult> {
  const placement = await tx.placement(encounterId);
  if (!placement || placement.status === 'CANCELLED') return nothingHeld(tx, encounterId, location);
  const unit = unitOf(await tx.lockUnits([placement]), placement);
  if (placement.status === 'RELEASED') {
    return {
      bedStatus: placement.bedId === null ? null : 'CLEANING',
      unitCensus: await tx.census(unit),
    };
  }
  const before = await tx.census(unit);
  const released = await vacate(tx, unit, placement, 'CLEANING');
  await tx.savePlacement({ ...placement, status: 'RELEASED' });
  const unitCensus = await tx.censusChanged(unit, before, 'DISCHARGE', encounterId);
  return { bedStatus: released ? 'CLEANING' : null, unitCensus };
}

/**
 * RestoreBed: a released encounter is back on its unit, in the bed it left when that bed is
 * CLEANING or AVAILABLE. Another encounter in it: FAILED BED_REASSIGNED; a BLOCKED bed: FAILED
 * BED_BLOCKED (both non-retriable: people decide where the patient goes). An encounter on the
 * board already: the same answer again.
 */
export async function restoreBed(
  tx: BoardTransaction,
  encounterId: string,
  location: Location,
): Promise<BedCommandResult> {
  const placement = await tx.placement(encounterId);
  if (!placement || placement.status === 'CANCELLED') return nothingHeld(tx, encounterId, location);
  const unit = unitOf(await tx.lockUnits([placement]), placement);
  if (placement.status === 'ACTIVE') {
    return {
      bedStatus: holdsBed(placement) ? 'OCCUPIED' : null,
      unitCensus: await tx.census(unit),
    };
  }
  const before = await tx.census(unit);
  const { roomId, bedId } = placement;
  const bed = roomId === null || bedId === null ? null : await tx.bed(unit, roomId, bedId);
  if (bed) {
    const details = {
      facilityId: unit.facilityId,
      unitId: unit.unitId,
      roomId: bed.roomId,
      bedId: bed.bedId,
    };
    if (bed.status === 'OCCUPIED' && bed.encounterId !== encounterId) {
      throw new CommandRejectedError(
        'BED_REASSIGNED',
        `bed ${bedName(bed)} is occupied by another encounter`,
        { retriable: false, details: { ...details, occupiedBy: bed.encounterId ?? '' } },
      );
    }
    if (bed.status === 'BLOCKED') {
      throw new CommandRejectedError('BED_BLOCKED', `bed ${bedName(bed)} is blocked`, {
        retriable: false,
        details,
      });
    }
    if (bed.status !== 'OCCUPIED') await tx.setBed(unit, bed, 'OCCUPIED', encounterId);
  }
  await tx.savePlacement({
    ...placement,
    status: 'ACTIVE',
    conflictRoomId: null,
    conflictBedId: null,
  });
  const unitCensus = await tx.censusChanged(unit, before, 'CORRECTION', encounterId);
  return { bedStatus: bed ? 'OCCUPIED' : null, unitCensus };
}
