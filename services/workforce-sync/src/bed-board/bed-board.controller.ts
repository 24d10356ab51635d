import {
  applyDecorators,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, Authorize, QueryParams } from '@meridian/service-kit';
import { BED_BOARD_READERS, HOUSEKEEPING } from '../http/access.js';
import { ApiUnitParams } from '../http/unit-path.js';
import { BedBoardService } from './bed-board.service.js';
import type { UnitFilter } from './bed-board.service.js';
import { BedBoardDto, BedDto, UnitCensusDto, UnitDto } from './dto/bed-board.dto.js';

function CensusDocs(): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({ type: UnitCensusDto }),
    ApiProblemResponse(HttpStatus.NOT_FOUND, 'Not a bed-board unit'),
  );
}

function BedDocs(): MethodDecorator {
  return applyDecorators(
    ApiOkResponse({ type: BedDto }),
    ApiProblemResponse(HttpStatus.NOT_FOUND, 'No such bed'),
  );
}

function CleanDocs(): MethodDecorator {
  return applyDecorators(
    BedDocs(),
    ApiProblemResponse(HttpStatus.CONFLICT, 'The bed is not CLEANING'),
  );
}

/** `?facilityId=&unitId=&configured=` of the unit listings. */
function unitFilter(query: Record<string, unknown>): UnitFilter {
  const params = new QueryParams(query, ['facilityId', 'unitId', 'configured']);
  const facilityId = params.text('facilityId');
  const unitId = params.text('unitId');
  const configured = params.oneOf('configured', ['true', 'false'] as const);
  params.done();
  return {
    ...(facilityId === undefined ? {} : { facilityId }),
    ...(unitId === undefined ? {} : { unitId }),
    ...(configured === undefined ? {} : { configured: configured === 'true' }),
  };
}

const FILTERS = [
  { name: 'facilityId', required: false, description: 'Only units of this facility, e.g. BWH.' },
  { name: 'unitId', required: false, description: 'Only units with this code, e.g. 4W.' },
  {
    name: 'configured',
    required: false,
    enum: ['true', 'false'],
    description: 'false: only units first seen in ADT and not imported since.',
  },
] as const;

@ApiTags('bed board')
@Controller()
export class BedBoardController {
  constructor(private readonly beds: BedBoardService) {}

  @Get('units')
  @Authorize(BED_BOARD_READERS)
  @ApiOperation({
    summary: 'Nursing units of every facility with their census and required RNs',
    description: 'By facility and unit. `?configured=false` lists the units first seen in ADT.',
  })
  @ApiQuery(FILTERS[0])
  @ApiQuery(FILTERS[1])
  @ApiQuery(FILTERS[2])
  @ApiOkResponse({ type: [UnitDto] })
  units(@Query() query: Record<string, unknown>): Promise<UnitDto[]> {
    return this.beds.units(unitFilter(query));
  }

  @Get('facilities/:facilityId/units/:unitId/census')
  @Authorize(BED_BOARD_READERS)
  @ApiOperation({
    summary: "A unit's census: beds by status, patients without a bed, required RNs",
  })
  @ApiUnitParams()
  @CensusDocs()
  census(
    @Param('facilityId') facilityId: string,
    @Param('unitId') unitId: string,
  ): Promise<UnitCensusDto> {
    return this.beds.census({ facilityId, unitId });
  }

  @Get('bed-board')
  @Authorize(BED_BOARD_READERS)
  @ApiOperation({ summary: 'Units with their beds: status, occupying encounter, since when' })
  @ApiQuery(FILTERS[0])
  @ApiQuery(FILTERS[1])
  @ApiQuery(FILTERS[2])
  @ApiOkResponse({ type: BedBoardDto })
  board(@Query() query: Record<string, unknown>): Promise<BedBoardDto> {
    return this.beds.board(unitFilter(query));
  }

  @Get('facilities/:facilityId/units/:unitId/beds/:roomId/:bedId')
  @Authorize(BED_BOARD_READERS)
  @ApiOperation({ summary: 'One bed, e.g. /facilities/MGH/units/4W/beds/401/A' })
  @ApiUnitParams()
  @BedDocs()
  bed(
    @Param('facilityId') facilityId: string,
    @Param('unitId') unitId: string,
    @Param('roomId') roomId: string,
    @Param('bedId') bedId: string,
  ): Promise<BedDto> {
    return this.beds.bed({ facilityId, unitId }, roomId, bedId);
  }

  @Post('facilities/:facilityId/units/:unitId/beds/:roomId/:bedId/clean')
  @Authorize(HOUSEKEEPING)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Housekeeping: a CLEANING bed is clean and AVAILABLE again' })
  @ApiUnitParams()
  @CleanDocs()
  clean(
    @Param('facilityId') facilityId: string,
    @Param('unitId') unitId: string,
    @Param('roomId') roomId: string,
    @Param('bedId') bedId: string,
  ): Promise<BedDto> {
    return this.beds.clean({ facilityId, unitId }, roomId, bedId);
  }
}
