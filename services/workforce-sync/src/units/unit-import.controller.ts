import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Headers,
  HttpStatus,
  Param,
  Post,
  Put,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiImport, ApiProblemResponse, Authorize } from '@meridian/service-kit';
import { BED_BOARD_READERS, REFERENCE_DATA_EDITORS } from '../http/access.js';
import { ApiUnitParams } from '../http/unit-path.js';
import {
  UnitBodyDto,
  UnitDefinitionDto,
  UnitImportResultDto,
  UnitsImportDto,
  UnitsImportResultDto,
} from './dto/unit-import.dto.js';
import { readUnitImport, readUnitPut, UNIT_IMPORT_DOCS } from './unit-import.reader.js';
import { UnitImportService } from './unit-import.service.js';

/** What PUT of a unit answers. */
function PutUnitDocs(): MethodDecorator {
  return applyDecorators(
    ApiBody({ type: UnitBodyDto }),
    ApiOkResponse({ type: UnitImportResultDto }),
    ApiProblemResponse(
      HttpStatus.BAD_REQUEST,
      'An invalid field, e.g. rooms[2].beds[0], or a facility that does not exist',
    ),
    ApiProblemResponse(HttpStatus.CONFLICT, 'A bed left out has a patient in it (named)'),
  );
}

/** What GET of a unit answers. */
function GetUnitDocs(): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({ type: UnitDefinitionDto }),
    ApiProblemResponse(HttpStatus.NOT_FOUND, 'Not a bed-board unit'),
  );
}

/** The units of the bed board as reference data: read, create or update, import in bulk. */
@ApiTags('units (reference data)')
@Controller()
export class UnitImportController {
  constructor(private readonly units: UnitImportService) {}

  @Post('units/import')
  @Authorize(REFERENCE_DATA_EDITORS)
  @ApiImport({
    summary: 'Creates or updates many units with their rooms and beds, all or nothing',
    description:
      "A JSON row is a unit as PUT /facilities/{facilityId}/units/{unitId} takes it with its facilityId and unitId. Each unit's facility must exist. One transaction: an invalid row, an unknown facility or an occupied bed left out imports nothing.",
    type: UnitsImportDto,
    result: UnitsImportResultDto,
    ...UNIT_IMPORT_DOCS,
    csv: "one row per bed, grouped into units: a unit's name, cost center and ratio the same on each of its rows",
    example: 'row 3: bedId, or row 1: facilityId of a facility that does not exist',
    refusals: [
      { status: HttpStatus.CONFLICT, description: 'A bed left out has a patient in it (named)' },
    ],
  })
  async importAll(
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
  ): Promise<UnitsImportResultDto> {
    return { units: await this.units.importAll(readUnitImport(body, contentType)) };
  }

  @Put('facilities/:facilityId/units/:unitId')
  @Authorize(REFERENCE_DATA_EDITORS)
  @ApiOperation({
    summary: 'Creates or updates one nursing unit of a facility with its rooms and beds',
    description:
      'The whole definition: new beds are added AVAILABLE (BedStatusChanged from null), listed beds keep their status and patient, beds left out are removed. An unconfigured unit (first seen in ADT) is configured from now on. A ratio change applies from the next census change. The facility must exist.',
  })
  @ApiUnitParams()
  @PutUnitDocs()
  put(
    @Param('facilityId') facilityId: string,
    @Param('unitId') unitId: string,
    @Body() body: unknown,
  ): Promise<UnitImportResultDto> {
    return this.units.put(readUnitPut(body, { facilityId, unitId }));
  }

  @Get('facilities/:facilityId/units/:unitId')
  @Authorize(BED_BOARD_READERS)
  @ApiOperation({ summary: "A unit's definition: what PUT takes" })
  @ApiUnitParams()
  @GetUnitDocs()
  definition(
    @Param('facilityId') facilityId: string,
    @Param('unitId') unitId: string,
  ): Promise<UnitDefinitionDto> {
    return this.units.definition({ facilityId, unitId });
  }
}
