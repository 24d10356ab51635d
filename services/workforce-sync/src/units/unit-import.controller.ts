import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, InvalidRequestException } from '@meridian/service-kit';
import {
  UnitBodyDto,
  UnitDefinitionDto,
  UnitImportResultDto,
  UnitsImportDto,
  UnitsImportResultDto,
} from './dto/unit-import.dto.js';
import { UnitImportService } from './unit-import.service.js';
import { validateUnit, validateUnitImport } from './unit-import.validation.js';

const UNIT_ID = { name: 'unitId', example: '7N', description: 'Unit code (PV1-3 point of care).' };

/** The units of the bed board as reference data: read, create or update, import in bulk. */
@ApiTags('units (reference data)')
@Controller('units')
export class UnitImportController {
  constructor(private readonly units: UnitImportService) {}

  @Post('import')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Creates or updates many units with their rooms and beds, all or nothing',
    description:
      'Each unit as PUT /units/{unitId} takes it, with its unitId. One transaction: an invalid field or an occupied bed left out imports nothing.',
  })
  @ApiBody({ type: UnitsImportDto })
  @ApiOkResponse({ type: UnitsImportResultDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An invalid field, e.g. units[1].rooms[2].beds[0]')
  @ApiProblemResponse(HttpStatus.CONFLICT, 'A bed left out has a patient in it (named)')
  async importAll(@Body() body: unknown): Promise<UnitsImportResultDto> {
    const units = validateUnitImport(body);
    if (!units.ok) throw new InvalidRequestException(units.errors);
    return { units: await this.units.importAll(units.value) };
  }

  @Put(':unitId')
  @ApiOperation({
    summary: 'Creates or updates one nursing unit with its rooms and beds',
    description:
      'The whole definition: new beds are added AVAILABLE (BedStatusChanged from null), listed beds keep their status and patient, beds left out are removed. A ratio change applies from the next census change.',
  })
  @ApiParam(UNIT_ID)
  @ApiBody({ type: UnitBodyDto })
  @ApiOkResponse({ type: UnitImportResultDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An invalid field, e.g. rooms[2].beds[0]')
  @ApiProblemResponse(HttpStatus.CONFLICT, 'A bed left out has a patient in it (named)')
  put(@Param('unitId') unitId: string, @Body() body: unknown): Promise<UnitImportResultDto> {
    const unit = validateUnit(body, unitId);
    if (!unit.ok) throw new InvalidRequestException(unit.errors);
    return this.units.put(unit.value);
  }

  @Get(':unitId')
  @ApiOperation({ summary: "A unit's definition: what PUT /units/{unitId} takes" })
  @ApiParam(UNIT_ID)
  @ApiOkResponse({ type: UnitDefinitionDto })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'Not a bed-board unit')
  definition(@Param('unitId') unitId: string): Promise<UnitDefinitionDto> {
    return this.units.definition(unitId);
  }
}
