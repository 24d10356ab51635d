import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InvalidRequestException, SERVICE_CONFIG } from '@meridian/service-kit';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app.config.js';
import { OutboxTransaction } from '../http/outbox-transaction.js';
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

function bedView(bed: Bed): BedDto {
  return {
    unitId: bed.unitId,
    roomId: bed.roomId,
    bedId: bed.bedId,
    status: bed.status,
    encounterId: bed.encounterId,
    since: bed.since.toISOString(),
  };
}

const BED_ORDER = { unitId: 'ASC', roomId: 'ASC', bedId: 'ASC' } as const;

/** What the bed board users read, and housekeeping's one action. */
@Injectable()
export class BedBoardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bedBoard: BedBoard,
    private readonly transaction: OutboxTransaction,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  async units(): Promise<UnitDto[]> {
    const units = await this.dataSource.getRepository(Unit).find({ order: { unitId: 'ASC' } });
    const counts = await unitCounts(this.dataSource.manager);
    return units.map((unit) => this.unitView(unit, counts.get(unit.unitId)));
  }

  async census(unitId: string): Promise<UnitCensusDto> {
    const unit = await this.unit(unitId);
    const counts = await countsOf(this.dataSource.manager, unitId);
    const summary = summarize(counts);
    const bedConflicts = await this.dataSource.query<BedConflictDto[]>(
      `SELECT p.encounter_id AS "encounterId", p.conflict_room_id AS "roomId",
              p.conflict_bed_id AS "bedId", b.encounter_id AS "occupiedBy"
       FROM encounter_placement p
       JOIN bed b ON (b.unit_id, b.room_id, b.bed_id) = (p.unit_id, p.conflict_room_id, p.conflict_bed_id)
       WHERE p.unit_id = $1 AND p.status = 'ACTIVE'
       ORDER BY p.encounter_id`,
      [unitId],
    );
    return {
      ...this.unitView(unit, counts),
      occupiedBeds: summary.occupiedBeds,
      patientsWithoutBed: summary.patientsWithoutBed,
      bedsByStatus: { ...summary.bedsByStatus },
      bedConflicts,
    };
  }

  /** Every unit with its beds, or the one unit `unitId` (400 naming unitId when unknown). */
  async board(unitId: string | undefined): Promise<BedBoardDto> {
    const units = await this.dataSource
      .getRepository(Unit)
      .find({ where: unitId === undefined ? {} : { unitId }, order: { unitId: 'ASC' } });
    if (unitId !== undefined && units.length === 0)
      throw new InvalidRequestException([{ field: 'unitId', message: 'is not a bed-board unit' }]);
    const beds = await this.dataSource
      .getRepository(Bed)
      .find({ where: unitId === undefined ? {} : { unitId }, order: BED_ORDER });
    return {
      units: units.map((unit) => ({
        unitId: unit.unitId,
        name: unit.name,
        facilityId: unit.facilityId,
        beds: beds.filter((bed) => bed.unitId === unit.unitId).map(bedView),
      })),
    };
  }

  async bed(unitId: string, roomId: string, bedId: string): Promise<BedDto> {
    const bed = await this.dataSource.getRepository(Bed).findOneBy({ unitId, roomId, bedId });
    if (!bed)
      throw new NotFoundException(`bed ${unitId}/${roomId}/${bedId} is not on the bed board`);
    return bedView(bed);
  }

  /** Housekeeping: a CLEANING bed is AVAILABLE again (BedStatusChanged); any other status 409. */
  async clean(unitId: string, roomId: string, bedId: string): Promise<BedDto> {
    return this.transaction.run(async (manager, publish) => {
      const tx = this.bedBoard.open(manager, publish, { at: new Date(), sagaId: null });
      const unit = (await tx.lockUnits([unitId])).get(unitId);
      const bed = unit ? await tx.bed(unitId, roomId, bedId) : null;
      if (!unit || !bed)
        throw new NotFoundException(`bed ${unitId}/${roomId}/${bedId} is not on the bed board`);
      if (bed.status !== 'CLEANING') {
        throw new ConflictException(
          `bed ${unitId}/${roomId}/${bedId} is ${bed.status}: only a CLEANING bed can be marked clean`,
        );
      }
      await tx.setBed(unit, bed, 'AVAILABLE', null);
      return bedView(bed);
    });
  }

  private async unit(unitId: string): Promise<Unit> {
    const unit = await this.dataSource.getRepository(Unit).findOneBy({ unitId });
    if (!unit) throw new NotFoundException(`unit ${unitId} is not on the bed board`);
    return unit;
  }

  private unitView(unit: Unit, counts: UnitCounts | undefined): UnitDto {
    const summary = summarize(counts ?? NO_COUNTS);
    const ratio = ratioOf(this.config.staffingRatios, unit);
    return {
      unitId: unit.unitId,
      name: unit.name,
      facilityId: unit.facilityId,
      costCenter: unit.costCenter,
      census: summary.census,
      staffedBeds: summary.staffedBeds,
      availableBeds: summary.availableBeds,
      patientsPerRn: formatRatio(ratio),
      requiredRns: requiredRns(summary.census, ratio),
    };
  }
}
