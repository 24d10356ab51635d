import { Body, Controller, Get, Headers, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiChartImport, ApiChartPut } from './chart-api.decorators.js';
import type { StatusResponse } from './chart-api.decorators.js';
import { COST_CENTER_IMPORT } from './chart.requests.js';
import type { CostCenterRow } from './chart.requests.js';
import { ChartService, COST_CENTER_PART } from './chart.service.js';
import {
  CostCenterDto,
  CostCenterImportDto,
  CostCenterListDto,
  CostCenterRequestDto,
} from './dto/chart.dto.js';
import type { ImportResultDto } from './dto/chart.dto.js';

const toCostCenterDto = ({ code, name, unitId }: CostCenterRow): CostCenterDto => ({
  code,
  name,
  unitId,
});

@ApiTags('ledger')
@Controller('cost-centers')
export class CostCentersController {
  constructor(private readonly chart: ChartService) {}

  @Get()
  @ApiOperation({ summary: 'The cost centers (departments) revenue and cost post to' })
  @ApiOkResponse({ type: CostCenterListDto })
  async list(): Promise<CostCenterListDto> {
    return { items: (await this.chart.costCenters()).map(toCostCenterDto) };
  }

  @Put(':code')
  @ApiChartPut(
    COST_CENTER_IMPORT,
    { name: 'code', example: 'CC-ORTHO' },
    CostCenterRequestDto,
    CostCenterDto,
  )
  async put(
    @Param('code') code: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<CostCenterDto> {
    const { row, created } = await this.chart.put(COST_CENTER_PART, { code }, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return toCostCenterDto(row);
  }

  @Post('import')
  @ApiChartImport(COST_CENTER_IMPORT, CostCenterImportDto)
  import(
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
  ): Promise<ImportResultDto> {
    return this.chart.import(COST_CENTER_PART, body, contentType);
  }
}
