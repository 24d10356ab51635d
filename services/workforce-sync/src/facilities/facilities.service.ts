import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { FacilityDto, FacilityImportResultDto } from './dto/facility.dto.js';
import { Facility } from './facility.entity.js';
import { importFacilities } from './facility-import.js';
import type { FacilityDefinition } from './facility-import.js';

function facilityView(facility: Facility): FacilityDto {
  const { facilityId, name, timeZone, configured } = facility;
  return { facilityId, name, timeZone, configured };
}

/** The facilities of the network as reference data. */
@Injectable()
export class FacilitiesService {
  private readonly logger = new Logger('FacilityImport');

  constructor(private readonly dataSource: DataSource) {}

  /** `PUT /facilities/{facilityId}` and `POST /facilities/import`: all in one transaction. */
  async import(facilities: readonly FacilityDefinition[]): Promise<FacilityImportResultDto[]> {
    const results = await this.dataSource.transaction((manager) =>
      importFacilities(manager, facilities),
    );
    for (const r of results)
      this.logger.log({
        msg: r.created ? 'facility created' : 'facility updated',
        facilityId: r.facilityId,
      });
    return results.map((result) => ({ ...result, configured: true }));
  }

  async list(): Promise<FacilityDto[]> {
    const facilities = await this.dataSource
      .getRepository(Facility)
      .find({ order: { facilityId: 'ASC' } });
    return facilities.map(facilityView);
  }

  async facility(facilityId: string): Promise<FacilityDto> {
    const facility = await this.dataSource.getRepository(Facility).findOneBy({ facilityId });
    if (!facility) throw new NotFoundException(`facility ${facilityId} is not known`);
    return facilityView(facility);
  }
}
