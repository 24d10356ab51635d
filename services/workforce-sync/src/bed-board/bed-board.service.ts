import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InvalidRequestException, SERVICE_CONFIG } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { FindOptionsWhere } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import { ServiceMessagingHost } from '@meridian/service-kit';
import { formatRatio, ratioOf, requiredRns } from '../staffing/staffing.js';
import { BedBoard } from './bed-board.js';
import { Bed } from './bed.entity.js';
import { summarize } from './census.js';
import type { UnitCounts } from './census.js';
import type {
  BedBoardDto,
  BedConflictDto,
  BedDto,
  UnitCensusDto,
  UnitDto,
} from './dto/bed-board.dto.js';
import { countsOf, NO_COUNTS, unitCounts } from './unit-counts.js';
import { Unit } from './unit.entity.js';
import { unitName } from '../units/unit-definition.js';
import type { UnitKey } from '../units/unit-definition.js';
import { bedName } from '../units/unit-import.js';

function notOnBoard(unit: UnitKey, roomId: string, bedId: string): NotFoundException {
  return new NotFoundException(
    `bed ${bedName({ ...unit, roomId, bedId })} is not on the bed board`,
  );
}

function bedView(bed: Bed): BedDto {
  return {
    facilityId: bed.facilityId,
    unitId: bed.unitId,
    roomId: bed.roomId,
    bedId: bed.bedId,
    status: bed.status,
    encounterId: bed.encounterId,
    since: bed.since.toISOString(),
  };
}

const UNIT_ORDER = { facilityId: 'ASC', unitId: 'ASC' } as const;
const BED_ORDER = { ...UNIT_ORDER, roomId: 'ASC', bedId: 'ASC' } as const;

/** Which units a listing shows: of one facility, one unit code, configured or not. */
export interface UnitFilter {
  readonly facilityId?: string;
  readonly unitId?: string;
  readonly configured?: boolean;
}

/** The facility and unit code of a filter, as a `where` of units or of beds. */
function keyWhere(filter: UnitFilter): { facilityId?: string; unitId?: string } {
  const { facilityId, unitId } = filter;
  return {
    ...(facilityId === undefined ? {} : { facilityId }),
    ...(unitId === undefined ? {} : { unitId }),
  };
}

function whereOf(filter: UnitFilter): FindOptionsWhere<Unit> {
  const { configured } = filter;
  return { ...keyWhere(filter), ...(configured === undefined ? {} : { configured }) };
}

/** What the bed board users read, and housekeeping's one action. */
@Injectable()
export class BedBoardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bedBoard: BedBoard,
    private readonly host: ServiceMessagingHost,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The units `filter` names, by facility and unit, with their census and staffing. */
  async units(filter: UnitFilter): Promise<UnitDto[]> {
    const units = await this.dataSource
      .getRepository(Unit)
      .find({ where: whereOf(filter), order: UNIT_ORDER });
    const counts = await unitCounts(this.dataSource.manager, units);
    return units.map((unit) => this.unitView(unit, counts.get(unitName(unit))));
  }

  async census(key: UnitKey): Promise<UnitCensusDto> {
    const unit = await this.unit(key);
    const counts = await countsOf(this.dataSource.manager, key);
    const summary = summarize(counts);
    const bedConflicts = await this.dataSource.query<BedConflictDto[]>(
      `SELECT p.encounter_id AS "encounterId", p.conflict_room_id AS "roomId",
              p.conflict_bed_id AS "bedId", b.encounter_id AS "occupiedBy"
       FROM encounter_placement p
       JOIN bed b ON (b.facility_id, b.unit_id, b.room_id, b.bed_id)
                   = (p.facility_id, p.unit_id, p.conflict_room_id, p.conflict_bed_id)
       WHERE p.facility_id = $1 AND p.unit_id = $2 AND p.status = 'ACTIVE'
       ORDER BY p.encounter_id`,
      [key.facilityId, key.unitId],
    );
    return {
      ...this.unitView(unit, counts),
      occupiedBeds: summary.occupiedBeds,
      patientsWithoutBed: summary.patientsWithoutBed,
      bedsByStatus: { ...summary.bedsByStatus },
      bedConflicts,
    };
  }

  /**
   * The units `filter` names with their beds (400 naming unitId or facilityId when a filter
   * matches no unit).
   */
  async board(filter: UnitFilter): Promise<BedBoardDto> {
    const units = await this.dataSource
      .getRepository(Unit)
      .find({ where: whereOf(filter), order: UNIT_ORDER });
    if (units.length === 0 && (filter.unitId !== undefined || filter.facilityId !== undefined)) {
      const field = filter.unitId === undefined ? 'facilityId' : 'unitId';
      throw new InvalidRequestException([{ field, message: 'names no bed-board unit' }]);
    }
    const beds = await this.dataSource
      .getRepository(Bed)
      .find({ where: keyWhere(filter), order: BED_ORDER });
    return {
      units: units.map((unit) => ({
        facilityId: unit.facilityId,
        unitId: unit.unitId,
        name: unit.name,
        configured: unit.configured,
        beds: beds.filter((bed) => unitName(bed) === unitName(unit)).map(bedView),
      })),
    };
  }

  async bed(key: UnitKey, roomId: string, bedId: string): Promise<BedDto> {
    const bed = await this.dataSource.getRepository(Bed).findOneBy({ ...key, roomId, bedId });
    if (!bed) throw notOnBoard(key, roomId, bedId);
    return bedView(bed);
  }

  /** Housekeeping: a CLEANING bed is AVAILABLE again (BedStatusChanged); any other status 409. */
  async clean(key: UnitKey, roomId: string, bedId: string): Promise<BedDto> {
    return this.host.messaging.outbox.transaction(async (manager, publish) => {
      const tx = this.bedBoard.open(manager, publish, { at: new Date(), sagaId: null });
      const unit = (await tx.lockUnits([key])).get(unitName(key));
      const bed = unit ? await tx.bed(key, roomId, bedId) : null;
      if (!unit || !bed) throw notOnBoard(key, roomId, bedId);
      if (bed.status !== 'CLEANING') {
        throw new ConflictException(
          `bed ${bedName(bed)} is ${bed.status}: only a CLEANING bed can be marked clean`,
        );
      }
      await tx.setBed(unit, bed, 'AVAILABLE', null);
      return bedView(bed);
    });
  }

  private async unit(key: UnitKey): Promise<Unit> {
    const unit = await this.dataSource.getRepository(Unit).findOneBy({ ...key });
    if (!unit) throw new NotFoundException(`unit ${unitName(key)} is not on the bed board`);
    return unit;
  }

  private unitView(unit: Unit, counts: UnitCounts | undefined): UnitDto {
    const summary = summarize(counts ?? NO_COUNTS);
    const ratio = ratioOf(this.config.staffingRatios, unit);
    return {
      facilityId: unit.facilityId,
      unitId: unit.unitId,
      name: unit.name,
      configured: unit.configured,
      costCenter: unit.costCenter,
      census: summary.census,
      staffedBeds: summary.staffedBeds,
      availableBeds: summary.availableBeds,
      patientsPerRn: ratio === null ? null : formatRatio(ratio),
      requiredRns: ratio === null ? null : requiredRns(summary.census, ratio),
    };
  }
}
