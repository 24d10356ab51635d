import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, QueryParams } from '@meridian/service-kit';
import { BedBoardService } from './bed-board.service.js';
import { BedBoardDto, BedDto, UnitCensusDto, UnitDto } from './dto/bed-board.dto.js';

@ApiTags('bed board')
@Controller()
export class BedBoardController {
  constructor(private readonly beds: BedBoardService) {}

  @Get('units')
  @ApiOperation({ summary: 'Nursing units with their census and required RNs' })
  @ApiOkResponse({ type: [UnitDto] })
  units(): Promise<UnitDto[]> {
    return this.beds.units();
  }

  @Get('units/:unitId/census')
  @ApiOperation({
    summary: "A unit's census: beds by status, patients without a bed, required RNs",
  })
  @ApiOkResponse({ type: UnitCensusDto })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'Not a bed-board unit')
  census(@Param('unitId') unitId: string): Promise<UnitCensusDto> {
    return this.beds.census(unitId);
  }

  @Get('bed-board')
  @ApiOperation({ summary: 'Units with their beds: status, occupying encounter, since when' })
  @ApiQuery({ name: 'unitId', required: false, description: 'Only this unit, e.g. 4W.' })
  @ApiOkResponse({ type: BedBoardDto })
  board(@Query() query: Record<string, unknown>): Promise<BedBoardDto> {
    const params = new QueryParams(query, ['unitId']);
    const unitId = params.text('unitId');
    params.done();
    return this.beds.board(unitId);
  }

  @Get('beds/:unitId/:roomId/:bedId')
  @ApiOperation({ summary: 'One bed, e.g. /beds/4W/401/A' })
  @ApiOkResponse({ type: BedDto })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No such bed')
  bed(
    @Param('unitId') unitId: string,
    @Param('roomId') roomId: string,
    @Param('bedId') bedId: string,
  ): Promise<BedDto> {
    return this.beds.bed(unitId, roomId, bedId);
  }

  @Post('beds/:unitId/:roomId/:bedId/clean')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Housekeeping: a CLEANING bed is clean and AVAILABLE again' })
  @ApiOkResponse({ type: BedDto })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No such bed')
  @ApiProblemResponse(HttpStatus.CONFLICT, 'The bed is not CLEANING')
  clean(
    @Param('unitId') unitId: string,
    @Param('roomId') roomId: string,
    @Param('bedId') bedId: string,
  ): Promise<BedDto> {
    return this.beds.clean(unitId, roomId, bedId);
  }
}
