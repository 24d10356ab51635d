import { Body, Controller, Get, Headers, HttpStatus, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiChartImport, ApiChartPut } from './chart-api.decorators.js';
import type { StatusResponse } from './chart-api.decorators.js';
import { normalBalanceOf } from './chart.entities.js';
import { ACCOUNT_IMPORT } from './chart.requests.js';
import type { AccountRow } from './chart.requests.js';
import { ACCOUNT_PART, ChartService } from './chart.service.js';
import {
  AccountDto,
  AccountImportDto,
  AccountListDto,
  AccountRequestDto,
} from './dto/chart.dto.js';
import type { ImportResultDto } from './dto/chart.dto.js';

const toAccountDto = ({ code, name, type }: AccountRow): AccountDto => ({
  code,
  name,
  type,
  normalBalance: normalBalanceOf(type),
});

const RETYPE = {
  status: HttpStatus.CONFLICT,
  description:
    'An account with journal lines or revenue-code mappings would change its type (errors[].field: type)',
} as const;

@ApiTags('ledger')
@Controller('accounts')
export class AccountsController {
  constructor(private readonly chart: ChartService) {}

  @Get()
  @ApiOperation({ summary: 'The chart of accounts' })
  @ApiOkResponse({ type: AccountListDto })
  async list(): Promise<AccountListDto> {
    return { items: (await this.chart.accounts()).map(toAccountDto) };
  }

  @Put(':code')
  @ApiChartPut(
    ACCOUNT_IMPORT,
    { name: 'code', example: '4230' },
    AccountRequestDto,
    AccountDto,
    RETYPE,
  )
  async put(
    @Param('code') code: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<AccountDto> {
    const { row, created } = await this.chart.put(ACCOUNT_PART, { code }, body);
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return toAccountDto(row);
  }

  @Post('import')
  @ApiChartImport(ACCOUNT_IMPORT, AccountImportDto, RETYPE)
  import(
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
  ): Promise<ImportResultDto> {
    return this.chart.import(ACCOUNT_PART, body, contentType);
  }
}
