import { Controller, Get, HttpStatus, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { localDate } from '@meridian/contracts';
import { ApiProblemResponse, Authorize, QueryParams, SERVICE_CONFIG } from '@meridian/service-kit';
import type { AppConfig } from '../../config/app.config.js';
import { isIsoDate } from '../posting-date.js';
import { TrialBalanceDto } from './dto/trial-balance.dto.js';
import { TrialBalanceService } from './trial-balance.service.js';

@ApiTags('ledger')
@Controller('trial-balance')
@Authorize(['ap-clerk', 'revenue-integrity', 'admin'])
export class TrialBalanceController {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly trialBalance: TrialBalanceService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Trial balance',
    description:
      'Debits, credits and balance per account over the journals posted up to asOf ' +
      '(reversed journals and their reversals included); total debits equal total credits.',
  })
  @ApiQuery({
    name: 'asOf',
    type: String,
    format: 'date',
    required: false,
    description: 'Last posting date included, YYYY-MM-DD; default today at the facility',
  })
  @ApiQuery({
    name: 'currency',
    type: String,
    required: false,
    description: 'ISO 4217 code; default USD',
  })
  @ApiOkResponse({ type: TrialBalanceDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An unknown or invalid parameter')
  get(@Query() query: Record<string, unknown>): Promise<TrialBalanceDto> {
    const params = new QueryParams(query, ['asOf', 'currency']);
    const asOf = params.matching('asOf', isIsoDate, 'must be a date written YYYY-MM-DD');
    const currency = params.matching(
      'currency',
      (value) => /^[A-Z]{3}$/.test(value),
      'must be an ISO 4217 currency code such as USD',
    );
    params.done();
    return this.trialBalance.asOf(
      asOf ?? localDate(new Date(), this.config.facilityTimeZone),
      currency ?? 'USD',
    );
  }
}
