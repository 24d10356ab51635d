import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChartService } from './chart.service.js';
import { AccountListDto, CostCenterListDto } from './dto/chart.dto.js';

@ApiTags('ledger')
@Controller()
export class ChartController {
  constructor(private readonly chart: ChartService) {}

  @Get('accounts')
  @ApiOperation({ summary: 'The chart of accounts' })
  @ApiOkResponse({ type: AccountListDto })
  async accounts(): Promise<AccountListDto> {
    const accounts = await this.chart.accounts();
    return {
      items: accounts.map(({ code, name, type, normalBalance }) => ({
        code,
        name,
        type,
        normalBalance,
      })),
    };
  }

  @Get('cost-centers')
  @ApiOperation({ summary: 'The cost centers (departments) revenue and cost post to' })
  @ApiOkResponse({ type: CostCenterListDto })
  async costCenters(): Promise<CostCenterListDto> {
    const costCenters = await this.chart.costCenters();
    return { items: costCenters.map(({ code, name, unitId }) => ({ code, name, unitId })) };
  }
}
