import { HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InvalidRequestException, ProblemException, rowError } from '@meridian/service-kit';
import type { FieldError } from '@meridian/service-kit';
import { DataSource, QueryFailedError } from 'typeorm';
import { Unit } from '../bed-board/unit.entity.js';
import { ServiceMessagingHost } from '@meridian/service-kit';
import { formatRatio } from '../staffing/staffing.js';
import type { UnitDefinitionDto, UnitImportResultDto } from './dto/unit-import.dto.js';
import { unitName } from './unit-definition.js';
import type { UnitDefinition, UnitKey } from './unit-definition.js';
import type { ImportedUnit } from './unit-import.reader.js';
import {
  bedName,
  importUnits,
  OccupiedBedsError,
  storedRooms,
  UnknownFacilitiesError,
} from './unit-import.js';

/** Attempts of an import that PostgreSQL chose as a deadlock victim. */
const DEADLOCK_ATTEMPTS = 3;

function isDeadlock(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: unknown } | undefined)?.code === '40P01'
  );
}

/** The error of a field of the unit at `index` of an import: `rooms` (PUT), `row 3: rooms` (import). */
type ErrorOf = (index: number, field: 'facilityId' | 'rooms', message: string) => FieldError;

/** One field error per unit, named as `errorOf` names them (with the row of an import). */
function errorsOf(
  items: readonly { readonly index: number }[],
  errorOf: ErrorOf,
  field: 'facilityId' | 'rooms',
  message: (i: number) => string,
): FieldError[] {
  return items.map((item, i) => errorOf(item.index, field, message(i)));
}

/** 409 naming every occupied bed and the field (`rooms`, `row 2: rooms`) that removes it. */
function occupiedProblem(error: OccupiedBedsError, errorOf: ErrorOf): ProblemException {
  const beds = error.beds.map(bedName);
  return new ProblemException(HttpStatus.CONFLICT, {
    type: 'urn:meridian:problem:bed-occupied',
    title: 'Occupied bed',
    detail: `a patient is in bed ${beds.join(', ')}: move or discharge the patient before removing the bed; nothing was imported`,
    errors: errorsOf(
      error.beds,
      errorOf,
      'rooms',
      (i) => `removes bed ${beds[i]}, which is ${error.beds[i]?.status}`,
    ),
  });
}

/** 400 naming each unit whose facility does not exist. */
function unknownFacilityProblem(error: UnknownFacilitiesError, errorOf: ErrorOf) {
  return new InvalidRequestException(
    errorsOf(
      error.units,
      errorOf,
      'facilityId',
      (i) =>
        `is not a known facility (${error.units[i]?.facilityId}): import it first, PUT /facilities/{facilityId}`,
    ),
  );
}

/** Units, rooms and beds as reference data: created and updated through the import. */
@Injectable()
export class UnitImportService {
  private readonly logger = new Logger('UnitImport');

  constructor(
    private readonly dataSource: DataSource,
    private readonly host: ServiceMessagingHost,
  ) {}

  /** `PUT /facilities/{facilityId}/units/{unitId}` */
  async put(unit: UnitDefinition): Promise<UnitImportResultDto> {
    const [result] = await this.import([unit], (_, field, message) => ({ field, message }));
    if (!result) throw new Error(`unit ${unitName(unit)} was not imported`);
    return result;
  }

  /** `POST /units/import`: all units in one transaction; errors name the unit's row. */
  importAll(units: readonly ImportedUnit[]): Promise<UnitImportResultDto[]> {
    return this.import(
      units.map((unit) => unit.value),
      (index, field, message) => {
        const unit = units[index];
        if (!unit) throw new Error(`no unit at ${index} of the import`);
        return rowError(unit.row, field === 'rooms' ? unit.roomsField : field, message);
      },
    );
  }

  async definition(key: UnitKey): Promise<UnitDefinitionDto> {
    const unit = await this.dataSource.getRepository(Unit).findOneBy({ ...key });
    if (!unit) throw new NotFoundException(`unit ${unitName(key)} is not on the bed board`);
    return {
      facilityId: unit.facilityId,
      unitId: unit.unitId,
      configured: unit.configured,
      name: unit.name,
      costCenter: unit.costCenter,
      patientsPerRn: unit.patientsPerRn === null ? null : formatRatio(unit.patientsPerRn),
      rooms: await storedRooms(this.dataSource.manager, key),
    };
  }

  private async import(
    units: readonly UnitDefinition[],
    errorOf: ErrorOf,
  ): Promise<UnitImportResultDto[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        const results = await this.host.messaging.outbox.transaction((manager, publish) =>
          importUnits(manager, units, { at: new Date(), publish }),
        );
        for (const r of results) {
          this.logger.log({
            msg: r.created ? 'unit created' : 'unit updated',
            facilityId: r.facilityId,
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
            configured: true,
            name: unit.name,
            costCenter: unit.costCenter,
            patientsPerRn: formatRatio(unit.patientsPerRn),
            rooms: unit.rooms.map((room) => ({ roomId: room.roomId, beds: [...room.beds] })),
            bedsAdded: [...result.bedsAdded],
            bedsRemoved: [...result.bedsRemoved],
          };
        });
      } catch (error) {
        if (error instanceof OccupiedBedsError) throw occupiedProblem(error, errorOf);
        if (error instanceof UnknownFacilitiesError) throw unknownFacilityProblem(error, errorOf);
        if (!isDeadlock(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
        this.logger.warn({ msg: 'unit import was a deadlock victim; trying again', attempt });
      }
    }
  }
}
