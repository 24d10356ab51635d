import { Body, Controller, Get, Headers, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ApiImport,
  ApiProblemResponse,
  ApiReferenceWrite,
  Authorize,
  importCounts,
} from '@meridian/service-kit';
import type { Written } from '@meridian/service-kit';
import {
  PayerDto,
  PayerImportRequestDto,
  PayerImportResultDto,
  PayerListDto,
  PayerPutRequestDto,
  toPayerDto,
} from './dto/payer.dto.js';
import { REFERENCE_READERS, REFERENCE_WRITERS } from '../shared/access.js';
import { PAYER_IMPORT, parsePayerPut, readPayerImport } from './payers.request.js';
import { PayersService } from './payers.service.js';

@ApiTags('payers')
@Controller('payers')
export class PayersController {
  constructor(private readonly payers: PayersService) {}

  @Get()
  @Authorize(REFERENCE_READERS)
  @ApiOperation({ summary: 'Every payer of the payer master with its plans, by payer id' })
  @ApiOkResponse({ type: PayerListDto })
  async list(): Promise<PayerListDto> {
    return { items: (await this.payers.list()).map(toPayerDto) };
  }

  @Get(':payerId')
  @Authorize(REFERENCE_READERS)
  @ApiOperation({ summary: 'One payer with its plans' })
  @ApiParam({ name: 'payerId', example: 'BCBS-PPO' })
  @ApiOkResponse({ type: PayerDto })
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'The payer is not in the payer master')
  async get(@Param('payerId') payerId: string): Promise<PayerDto> {
    return toPayerDto(await this.payers.get(payerId));
  }

  @Put(':payerId')
  @Authorize(REFERENCE_WRITERS)
  @ApiReferenceWrite({
    rows: { what: 'payer' },
    summary:
      'Creates or replaces one payer with all of its plans (a plan not listed is removed); claims use it from the next SubmitClaim on',
    params: { payerId: { example: 'BCBS-PPO', description: 'Letters, digits, . _ -' } },
    type: PayerPutRequestDto,
    result: PayerDto,
    invalid: 'An invalid field, named in errors[].field (plans[1].planId)',
  })
  async put(@Param('payerId') payerId: string, @Body() body: unknown): Promise<Written<PayerDto>> {
    const written = await this.payers.write([parsePayerPut(payerId, body)]);
    const [payer] = written.payers;
    if (!payer) throw new Error(`payer ${payerId} was not stored`);
    return { row: toPayerDto(payer), created: written.created > 0 };
  }

  @Post('import')
  @Authorize(REFERENCE_WRITERS)
  @ApiImport({
    ...PAYER_IMPORT,
    summary:
      'Creates or replaces payers with their plans, one row per plan, in one transaction: all of them or, on any error, none',
    type: PayerImportRequestDto,
    result: PayerImportResultDto,
    csv: 'one row per plan; an empty planId and planName for a payer without plans',
    example: 'row 3: planId',
  })
  async import(
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
  ): Promise<PayerImportResultDto> {
    const payers = readPayerImport(body, contentType);
    const written = await this.payers.write(payers);
    return {
      ...importCounts(payers.length, written.created),
      payers: written.payers.map(toPayerDto),
    };
  }
}
