import { Body, Controller, Get, Headers, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiChartImport, ApiChartPut } from './chart-api.decorators.js';
import type { StatusResponse } from './chart-api.decorators.js';
import { REVENUE_MAPPING_IMPORT } from './chart.requests.js';
import { ChartService, REVENUE_MAPPING_PART } from './chart.service.js';
import {
  RevenueMappingDto,
  RevenueMappingImportDto,
  RevenueMappingListDto,
  RevenueMappingRequestDto,
} from './dto/chart.dto.js';
import type { ImportResultDto } from './dto/chart.dto.js';

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
  @ApiChartPut(
    REVENUE_MAPPING_IMPORT,
    { name: 'revenueCode', example: '0278' },
    RevenueMappingRequestDto,
    RevenueMappingDto,
    UNKNOWN_REFERENCE,
  )
  async put(
    @Param('revenueCode') revenueCode: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<RevenueMappingDto> {
    const { row, created } = await this.chart.put(REVENUE_MAPPING_PART, { revenueCode }, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return row;
  }

  @Post('import')
  @ApiChartImport(REVENUE_MAPPING_IMPORT, RevenueMappingImportDto, UNKNOWN_REFERENCE)
  import(
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
  ): Promise<ImportResultDto> {
    return this.chart.import(REVENUE_MAPPING_PART, body, contentType);
  }
}
