import { Body, Controller, Get, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiReferenceImport,
  ApiReferenceWrite,
  Authorize,
  ImportedRows,
} from '@meridian/service-kit';
import type { RowsToWrite, Written } from '@meridian/service-kit';
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
import { ImportResultDto } from './dto/chart.dto.js';

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
  @Authorize(['ap-clerk', 'revenue-integrity', 'admin'])
  @ApiOperation({ summary: 'The chart of accounts' })
  @ApiOkResponse({ type: AccountListDto })
  async list(): Promise<AccountListDto> {
    return { items: (await this.chart.accounts()).map(toAccountDto) };
  }

  @Put(':code')
  @Authorize(['admin'])
  @ApiReferenceWrite({
    rows: ACCOUNT_IMPORT,
    summary: 'Creates or replaces one account; the next journal or purchase order uses it',
    params: { code: '4230' },
    type: AccountRequestDto,
    result: AccountDto,
    refusals: [RETYPE],
  })
  async put(@Param('code') code: string, @Body() body: unknown): Promise<Written<AccountDto>> {
    const { row, created } = await this.chart.put(ACCOUNT_PART, { code }, body);
    return { row: toAccountDto(row), created };
  }

  @Post('import')
  @Authorize(['admin'])
  @ApiReferenceImport({
    rows: ACCOUNT_IMPORT,
    by: 'code',
    type: AccountImportDto,
    result: ImportResultDto,
    example: 'row 3: name; or a key twice',
    refusals: [RETYPE],
  })
  import(@ImportedRows(ACCOUNT_IMPORT) rows: RowsToWrite<AccountRow>): Promise<ImportResultDto> {
    return this.chart.import(ACCOUNT_PART, rows);
  }
}
