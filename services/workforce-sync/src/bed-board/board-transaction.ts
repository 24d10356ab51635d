import {
  BedStatusChanged,
  StaffingDemandChanged,
  Topics,
  UnitCensusChanged,
} from '@meridian/contracts';
import type { CensusChangeReason, Location } from '@meridian/contracts';
import type { MessageContext } from '@meridian/messaging';
import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Placement } from '../placement/placement.entity.js';
import { demandChange, formatRatio, ratioOf, RN_JOB_CODE } from '../staffing/staffing.js';
import type { StaffingRatios } from '../staffing/staffing.js';
import { unitName } from '../units/unit-definition.js';
import type { BedRef, UnitKey } from '../units/unit-definition.js';
import { addBeds } from '../units/unit-import.js';
import { Bed } from './bed.entity.js';
import { lockBoard } from './board-lock.js';
import { summarize } from './census.js';
import type { BoardStatus } from './census.js';
import { countsOf } from './unit-counts.js';
import { Unit } from './unit.entity.js';

/** Publishes through the outbox of the caller's transaction: `ctx.publish`, or the outbox bound to a request's manager. */
export type Publish = MessageContext['publish'];

const logger = new Logger('BedBoard');

/** What every board transaction of the service reads from its configuration. */
export interface BoardSettings {
  /** DEFAULT_FACILITY: the facility of a location that names none. */
  readonly defaultFacility: string;
  /** STAFFING_RATIOS: ratios overriding the units' own. */
  readonly staffingRatios: StaffingRatios;
}

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
    private readonly settings: BoardSettings,
    readonly cause: ChangeCause,
  ) {}

  /** The unit of an ADT location or saga command; no facility is the default facility. */
  unitOf(location: Location): UnitKey {
    return {
      facilityId: location.facilityId ?? this.settings.defaultFacility,
      unitId: location.unitId,
    };
  }

  /**
   * Locks the known ones of `units`, the board first (`lockBoard`: concurrent transactions never
   * deadlock); the map is keyed by `unitName`.
   */
  async lockUnits(units: readonly UnitKey[]): Promise<Map<string, Unit>> {
    await lockBoard(this.manager);
    const unique = new Map(units.map((unit) => [unitName(unit), unit]));
    const locked = await this.manager.getRepository(Unit).find({
      where: [...unique.values()].map(({ facilityId, unitId }) => ({ facilityId, unitId })),
      order: { facilityId: 'ASC', unitId: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    return new Map(locked.map((unit) => [unitName(unit), unit]));
  }

  /**
   * A unit ADT names that the board does not know: created unconfigured (named after its code, no
   * cost center, no ratio), and its facility too when that is new, so the patient is placed.
   * Import the unit to configure it.
   */
  async createUnconfigured(unit: UnitKey): Promise<void> {
    const { facilityId, unitId } = unit;
    await this.manager.query(
      `INSERT INTO facility (facility_id, name, time_zone, configured) VALUES ($1, $1, NULL, false)
       ON CONFLICT (facility_id) DO NOTHING`,
      [facilityId],
    );
    const created = await this.manager.query<unknown[]>(
      `INSERT INTO unit (facility_id, unit_id, name, configured) VALUES ($1, $2, $2, false)
       ON CONFLICT (facility_id, unit_id) DO NOTHING RETURNING unit_id`,
      [facilityId, unitId],
    );
    if (created.length > 0)
      logger.warn({ msg: 'unit seen first in ADT: created unconfigured', facilityId, unitId });
  }

  /** Adds beds ADT names on an unconfigured unit, AVAILABLE and announced as an import adds them. */
  addBeds(unit: UnitKey, beds: readonly BedRef[]): Promise<void> {
    return addBeds(this.manager, unit, beds, { at: this.cause.at, publish: this.publish });
  }

  /**
   * The encounter's placement, locked (the board first, as `lockUnits`): messages of one encounter
   * arrive on two topics.
   */
  async placement(encounterId: string): Promise<Placement | null> {
    await lockBoard(this.manager);
    return this.manager.getRepository(Placement).findOne({
      where: { encounterId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  bed(unit: UnitKey, roomId: string, bedId: string): Promise<Bed | null> {
    const { facilityId, unitId } = unit;
    return this.manager.getRepository(Bed).findOneBy({ facilityId, unitId, roomId, bedId });
  }

  async census(unit: UnitKey): Promise<number> {
    return summarize(await countsOf(this.manager, unit)).census;
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
    const summary = summarize(await countsOf(this.manager, unit));
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
    const ratio = ratioOf(this.settings.staffingRatios, unit);
    // An unconfigured unit has no cost center and, unless STAFFING_RATIOS names it, no ratio.
    if (ratio === null || unit.costCenter === null) return;
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
        facilityId: unit.facilityId,
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
    await this.manager.getRepository(Unit).update(
      { facilityId: unit.facilityId, unitId: unit.unitId },
      {
        demandCensus: change.census,
        demandHeadcount: change.requiredHeadcount,
      },
    );
  }
}
