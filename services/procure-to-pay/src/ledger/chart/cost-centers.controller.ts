import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiReferenceImport,
  ApiReferenceWrite,
  Authorize,
  ImportedRows,
} from '@meridian/service-kit';
import type { RowsToWrite, Written } from '@meridian/service-kit';
import { COST_CENTER_IMPORT } from './chart.requests.js';
import type { CostCenterRow } from './chart.requests.js';
import { ChartService, COST_CENTER_PART } from './chart.service.js';
import {
  CostCenterDto,
  CostCenterImportDto,
  CostCenterListDto,
  CostCenterRequestDto,
} from './dto/chart.dto.js';
import { ImportResultDto } from './dto/chart.dto.js';

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
  @Authorize(['ap-clerk', 'revenue-integrity', 'admin'])
  @ApiOperation({ summary: 'The cost centers (departments) revenue and cost post to' })
  @ApiOkResponse({ type: CostCenterListDto })
  async list(): Promise<CostCenterListDto> {
    return { items: (await this.chart.costCenters()).map(toCostCenterDto) };
  }

  @Put(':code')
  @Authorize(['admin'])
  @ApiReferenceWrite({
    rows: COST_CENTER_IMPORT,
    summary: 'Creates or replaces one cost center; the next journal or purchase order uses it',
    params: { code: 'CC-ORTHO' },
    type: CostCenterRequestDto,
    result: CostCenterDto,
  })
  async put(@Param('code') code: string, @Body() body: unknown): Promise<Written<CostCenterDto>> {
    const { row, created } = await this.chart.put(COST_CENTER_PART, { code }, body);
    return { row: toCostCenterDto(row), created };
  }

  @Post('import')
  @Authorize(['admin'])
  @ApiReferenceImport({
    rows: COST_CENTER_IMPORT,
    by: 'code',
    type: CostCenterImportDto,
    result: ImportResultDto,
    example: 'row 3: name; or a key twice',
  })
  import(
    @ImportedRows(COST_CENTER_IMPORT) rows: RowsToWrite<CostCenterRow>,
  ): Promise<ImportResultDto> {
    return this.chart.import(COST_CENTER_PART, rows);
  }
}
