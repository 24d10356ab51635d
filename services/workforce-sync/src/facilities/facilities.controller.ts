import { Body, Controller, Get, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ApiImport,
  ApiProblemResponse,
  Authorize,
  ImportedRows,
  readPut,
} from '@meridian/service-kit';
import type { RowsToWrite } from '@meridian/service-kit';
import { BED_BOARD_READERS, REFERENCE_DATA_EDITORS } from '../http/access.js';
import { FACILITY_PARAM } from '../http/unit-path.js';
import {
  FacilitiesImportDto,
  FacilitiesImportResultDto,
  FacilityBodyDto,
  FacilityDto,
  FacilityImportResultDto,
  FacilityListDto,
} from './dto/facility.dto.js';
import { FacilitiesService } from './facilities.service.js';
import { FACILITY_IMPORT } from './facility-import.js';
import type { FacilityDefinition } from './facility-import.js';

/** The facilities (hospitals) of the network as reference data. */
@ApiTags('facilities (reference data)')
@Controller('facilities')
export class FacilitiesController {
  constructor(private readonly facilities: FacilitiesService) {}

  @Post('import')
  @Authorize(REFERENCE_DATA_EDITORS)
  @ApiImport({
    ...FACILITY_IMPORT,
    summary: 'Creates or updates many facilities, all or nothing',
    description: 'A facility first seen in ADT is configured from now on.',
    type: FacilitiesImportDto,
    result: FacilitiesImportResultDto,
    example: 'row 2: timeZone',
  })
  async importAll(
    @ImportedRows(FACILITY_IMPORT) { rows }: RowsToWrite<FacilityDefinition>,
  ): Promise<FacilitiesImportResultDto> {
    return { facilities: await this.facilities.import(rows.map((row) => row.value)) };
  }

  @Put(':facilityId')
  @Authorize(REFERENCE_DATA_EDITORS)
  @ApiOperation({ summary: 'Creates or updates one facility' })
  @ApiParam(FACILITY_PARAM)
  @ApiBody({ type: FacilityBodyDto })
  @ApiOkResponse({ type: FacilityImportResultDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An invalid field, e.g. timeZone')
  async put(
    @Param('facilityId') facilityId: string,
    @Body() body: unknown,
  ): Promise<FacilityImportResultDto> {
    const facility = readPut(FACILITY_IMPORT, { facilityId }, body);
    const [result] = await this.facilities.import([facility]);
    if (!result) throw new Error(`facility ${facilityId} was not imported`);
    return result;
  }

  @Get()
  @Authorize(BED_BOARD_READERS)
  @ApiOperation({ summary: 'The facilities, configured or first seen in ADT' })
  @ApiOkResponse({ type: FacilityListDto })
  async list(): Promise<FacilityListDto> {
    return { items: await this.facilities.list() };
  }

  @Get(':facilityId')
  @Authorize(BED_BOARD_READERS)
  @ApiOperation({ summary: 'One facility' })
  @ApiParam(FACILITY_PARAM)
  @ApiOkResponse({ type: FacilityDto })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'Not a known facility')
  facility(@Param('facilityId') facilityId: string): Promise<FacilityDto> {
    return this.facilities.facility(facilityId);
  }
}
