import {
  BedStatusChanged,
  StaffingDemandChanged,
  Topics,
  UnitCensusChanged,
} from '@meridian/contracts';
import type { CensusChangeReason } from '@meridian/contracts';
import type { MessageContext } from '@meridian/messaging';
import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { Placement } from '../placement/placement.entity.js';
import { demandChange, formatRatio, ratioOf, RN_JOB_CODE } from '../staffing/staffing.js';
import type { StaffingRatios } from '../staffing/staffing.js';
import { Bed } from './bed.entity.js';
import { summarize } from './census.js';
import type { BoardStatus } from './census.js';
import { countsOf } from './unit-counts.js';
import { Unit } from './unit.entity.js';

/** Publishes through the outbox of the caller's transaction: `ctx.publish`, or the outbox bound to a request's manager. */
export type Publish = MessageContext['publish'];

/** What made a change: stamped on the bed's `since` and on the facts published. */
export interface ChangeCause {
  /** When it happened: the ADT event's time, the discharge time, or now. */
  readonly at: Date;
  /** The saga whose step or compensation made the change; null otherwise. */
  readonly sagaId: string | null;
}

/**
 * Bed-board changes inside one database transaction: every bed change publishes BedStatusChanged,
 * every census change UnitCensusChanged, and a change of a unit's required RNs
 * StaffingDemandChanged, all through the same transaction's outbox. Callers lock the units they
 * change first (`lockUnits`), so the census before and after a change is exact.
 */
export class BoardTransaction {
  constructor(
    readonly manager: EntityManager,
    private readonly publish: Publish,
    /** STAFFING_RATIOS: ratios overriding the units' own. */
    private readonly ratioOverrides: StaffingRatios,
    readonly cause: ChangeCause,
  ) {}

  /** Locks the known ones of `unitIds` in id order (concurrent transactions never deadlock). */
  async lockUnits(unitIds: readonly string[]): Promise<Map<string, Unit>> {
    const units = await this.manager.getRepository(Unit).find({
      where: { unitId: In([...new Set(unitIds)]) },
      order: { unitId: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return new Map(units.map((unit) => [unit.unitId, unit]));
  }

  /** The encounter's placement, locked: messages of one encounter arrive on two topics. */
  placement(encounterId: string): Promise<Placement | null> {
    return this.manager.getRepository(Placement).findOne({
      where: { encounterId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  bed(unitId: string, roomId: string, bedId: string): Promise<Bed | null> {
    return this.manager.getRepository(Bed).findOneBy({ unitId, roomId, bedId });
  }

  async census(unitId: string): Promise<number> {
    return summarize(await countsOf(this.manager, unitId)).census;
  }

  /** Sets the bed's status (occupied by `encounterId`, or leaving it) and publishes the change. */
  async setBed(
    unit: Unit,
    bed: Bed,
    status: BoardStatus,
    encounterId: string | null,
  ): Promise<void> {
    const { at, sagaId } = this.cause;
    const fromStatus = bed.status;
    bed.status = status;
    bed.encounterId = status === 'OCCUPIED' ? encounterId : null;
    bed.since = at;
    await this.manager.getRepository(Bed).save(bed);
    await this.publish(
      Topics.WorkforceBedV1,
      BedStatusChanged,
      {
        unitId: unit.unitId,
        facilityId: unit.facilityId,
        roomId: bed.roomId,
        bedId: bed.bedId,
        fromStatus,
        toStatus: status,
        encounterId,
        changedAt: at,
        sagaId,
      },
      { key: unit.unitId },
    );
  }

  /** Stores the placement with the cause's time as `since`. */
  async savePlacement(placement: Omit<Placement, 'since'>): Promise<void> {
    await this.manager.getRepository(Placement).save({ ...placement, since: this.cause.at });
  }

  /**
   * After the unit's patients changed: publishes UnitCensusChanged when the census differs from
   * `previousCensus`, and StaffingDemandChanged when the required RNs changed with it. Returns
   * the census.
   */
  async censusChanged(
    unit: Unit,
    previousCensus: number,
    reason: CensusChangeReason,
    encounterId: string | null,
  ): Promise<number> {
    const summary = summarize(await countsOf(this.manager, unit.unitId));
    const { census } = summary;
    if (census === previousCensus) return census;
    const { at } = this.cause;
    await this.publish(
      Topics.WorkforceCensusV1,
      UnitCensusChanged,
      {
        unitId: unit.unitId,
        facilityId: unit.facilityId,
        census,
        previousCensus,
        staffedBeds: summary.staffedBeds,
        availableBeds: summary.availableBeds,
        reason,
        encounterId,
        changedAt: at,
      },
      { key: unit.unitId },
    );
    await this.staffingChanged(unit, previousCensus, census);
    return census;
  }

  private async staffingChanged(unit: Unit, previousCensus: number, census: number): Promise<void> {
    const ratio = ratioOf(this.ratioOverrides, unit);
    const published =
      unit.demandCensus === null || unit.demandHeadcount === null
        ? null
        : { census: unit.demandCensus, headcount: unit.demandHeadcount };
    const change = demandChange({ previousCensus, census, ratio, published });
    if (!change) return;
    await this.publish(
      Topics.WorkforceStaffingV1,
      StaffingDemandChanged,
      {
        unitId: unit.unitId,
        costCenter: unit.costCenter,
        jobCode: RN_JOB_CODE,
        targetRatio: formatRatio(ratio),
        effectiveAt: this.cause.at,
        ...change,
      },
      { key: unit.unitId },
    );
    unit.demandCensus = change.census;
    unit.demandHeadcount = change.requiredHeadcount;
    await this.manager.getRepository(Unit).update(unit.unitId, {
      demandCensus: change.census,
      demandHeadcount: change.requiredHeadcount,
    });
  }
}
