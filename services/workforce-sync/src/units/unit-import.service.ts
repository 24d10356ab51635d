import { HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { ProblemException } from '@meridian/service-kit';
import { DataSource, QueryFailedError } from 'typeorm';
import { Unit } from '../bed-board/unit.entity.js';
import { OutboxTransaction } from '../http/outbox-transaction.js';
import { formatRatio } from '../staffing/staffing.js';
import type { UnitDefinitionDto, UnitImportResultDto } from './dto/unit-import.dto.js';
import type { UnitDefinition } from './unit-definition.js';
import { importUnits, OccupiedBedsError, storedRooms } from './unit-import.js';

/** Attempts of an import that PostgreSQL chose as a deadlock victim. */
const DEADLOCK_ATTEMPTS = 3;

function isDeadlock(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: unknown } | undefined)?.code === '40P01'
  );
}

/** 409 naming every occupied bed and the field (`rooms`, `units[1].rooms`) that removes it. */
function occupiedProblem(error: OccupiedBedsError, fieldOf: (index: number) => string) {
  const beds = error.beds.map((b) => `${b.unitId}/${b.roomId}/${b.bedId}`);
  return new ProblemException(HttpStatus.CONFLICT, {
    type: 'urn:meridian:problem:bed-occupied',
    title: 'Occupied bed',
    detail: `a patient is in bed ${beds.join(', ')}: move or discharge the patient before removing the bed; nothing was imported`,
    errors: error.beds.map((b) => ({
      field: fieldOf(b.index),
      message: `removes bed ${b.unitId}/${b.roomId}/${b.bedId}, which is ${b.status}`,
    })),
  });
}

/** Units, rooms and beds as reference data: created and updated through the import. */
@Injectable()
export class UnitImportService {
  private readonly logger = new Logger('UnitImport');

  constructor(
    private readonly dataSource: DataSource,
    private readonly transaction: OutboxTransaction,
  ) {}

  /** `PUT /units/{unitId}` */
  async put(unit: UnitDefinition): Promise<UnitImportResultDto> {
    const [result] = await this.import([unit], () => 'rooms');
    if (!result) throw new Error(`unit ${unit.unitId} was not imported`);
    return result;
  }

  /** `POST /units/import`: all units in one transaction. */
  importAll(units: readonly UnitDefinition[]): Promise<UnitImportResultDto[]> {
    return this.import(units, (index) => `units[${index}].rooms`);
  }

  async definition(unitId: string): Promise<UnitDefinitionDto> {
    const unit = await this.dataSource.getRepository(Unit).findOneBy({ unitId });
    if (!unit) throw new NotFoundException(`unit ${unitId} is not on the bed board`);
    return {
      unitId,
      facilityId: unit.facilityId,
      name: unit.name,
      costCenter: unit.costCenter,
      patientsPerRn: formatRatio(unit.patientsPerRn),
      rooms: await storedRooms(this.dataSource.manager, unitId),
    };
  }

  private async import(
    units: readonly UnitDefinition[],
    fieldOf: (index: number) => string,
  ): Promise<UnitImportResultDto[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        const results = await this.transaction.run((manager, publish) =>
          importUnits(manager, units, { at: new Date(), publish }),
        );
        for (const r of results) {
          this.logger.log({
            msg: r.created ? 'unit created' : 'unit updated',
            unitId: r.unitId,
            bedsAdded: r.bedsAdded.length,
            bedsRemoved: r.bedsRemoved.length,
          });
        }
        return results.map((result, i) => {
          const unit = units[i];
          if (!unit) throw new Error('an import result without its unit');
          return {
            ...result,
            name: unit.name,
            costCenter: unit.costCenter,
            patientsPerRn: formatRatio(unit.patientsPerRn),
            rooms: unit.rooms.map((room) => ({ roomId: room.roomId, beds: [...room.beds] })),
            bedsAdded: [...result.bedsAdded],
            bedsRemoved: [...result.bedsRemoved],
          };
        });
      } catch (error) {
        if (error instanceof OccupiedBedsError) throw occupiedProblem(error, fieldOf);
        if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
        this.logger.warn({ msg: 'unit import was a deadlock victim; trying again', attempt });
      }
    }
  }
}
