import { Body, Controller, Get, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiReferenceImport,
  ApiReferenceWrite,
  Authorize,
  ImportedRows,
} from '@meridian/service-kit';
import type { RowsToWrite, Written } from '@meridian/service-kit';
import { REVENUE_MAPPING_IMPORT } from './chart.requests.js';
import type { RevenueMappingRow } from './chart.requests.js';
import { ChartService, REVENUE_MAPPING_PART } from './chart.service.js';
import {
  RevenueMappingDto,
  RevenueMappingImportDto,
  RevenueMappingListDto,
  RevenueMappingRequestDto,
} from './dto/chart.dto.js';
import { ImportResultDto } from './dto/chart.dto.js';

const UNKNOWN_REFERENCE = {
  status: HttpStatus.BAD_REQUEST,
  description:
    'A glAccount that is not a REVENUE account of the chart, or a costCenter that is not one of its cost centers (errors[].field names it)',
} as const;

@ApiTags('ledger')
@Controller('revenue-mapping')
export class RevenueMappingController {
  constructor(private readonly chart: ChartService) {}

  @Get()
  @Authorize(['ap-clerk', 'revenue-integrity', 'admin'])
  @ApiOperation({ summary: 'Where the revenue of each UB-04 revenue code (or family) posts' })
  @ApiOkResponse({ type: RevenueMappingListDto })
  async list(): Promise<RevenueMappingListDto> {
    const rows = await this.chart.revenueMappingRows();
    return {
      items: rows.map((r) => ({
        revenueCode: r.revenueCode,
        glAccount: r.accountCode,
        costCenter: r.costCenter,
        description: r.description,
      })),
    };
  }

  @Put(':revenueCode')
  @Authorize(['admin'])
  @ApiReferenceWrite({
    rows: REVENUE_MAPPING_IMPORT,
    summary:
      'Creates or replaces one revenue-code mapping; the next journal or purchase order uses it',
    params: { revenueCode: '0278' },
    type: RevenueMappingRequestDto,
    result: RevenueMappingDto,
    refusals: [UNKNOWN_REFERENCE],
  })
  put(
    @Param('revenueCode') revenueCode: string,
    @Body() body: unknown,
  ): Promise<Written<RevenueMappingDto>> {
    return this.chart.put(REVENUE_MAPPING_PART, { revenueCode }, body);
  }

  @Post('import')
  @Authorize(['admin'])
  @ApiReferenceImport({
    rows: REVENUE_MAPPING_IMPORT,
    by: 'revenue code',
    type: RevenueMappingImportDto,
    result: ImportResultDto,
    example: 'row 3: glAccount; or a key twice',
    refusals: [UNKNOWN_REFERENCE],
  })
  import(
    @ImportedRows(REVENUE_MAPPING_IMPORT) rows: RowsToWrite<RevenueMappingRow>,
  ): Promise<ImportResultDto> {
    return this.chart.import(REVENUE_MAPPING_PART, rows);
  }
}
