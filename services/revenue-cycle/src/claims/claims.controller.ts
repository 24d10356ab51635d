import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { InvalidRequestException } from '@meridian/service-kit';
import { ProblemDto } from '../shared/problem.dto.js';
import { MAX_LIMIT, QueryParams } from '../shared/request-params.js';
import { CLAIM_ID, ClaimsService } from './claims.service.js';
import { ClaimDto, ClaimListDto, toClaimDto } from './dto/claim.dto.js';

@ApiTags('claims')
@Controller('claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Get()
  @ApiOperation({ summary: 'Claims with their lines and totals, newest first' })
  @ApiQuery({ name: 'encounterId', required: false, example: 'V000123' })
  @ApiQuery({ name: 'limit', required: false, description: `1 to ${MAX_LIMIT}, default 50` })
  @ApiOkResponse({ type: ClaimListDto })
  @ApiBadRequestResponse({ type: ProblemDto })
  async list(@Query() query: Record<string, unknown>): Promise<ClaimListDto> {
    const params = new QueryParams(query, ['encounterId', 'limit']);
    const parsed = { encounterId: params.text('encounterId'), limit: params.limit() };
    params.done();
    const claims = await this.claims.list(parsed);
    return { items: claims.map(toClaimDto) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One claim' })
  @ApiParam({ name: 'id', example: 'CLM-1A2B3C4D' })
  @ApiOkResponse({ type: ClaimDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'Not a claim id (CLM- and 8 hex digits)',
  })
  @ApiNotFoundResponse({ type: ProblemDto })
  async get(@Param('id') id: string): Promise<ClaimDto> {
    if (!CLAIM_ID.test(id)) {
      throw new InvalidRequestException([
        { field: 'id', message: 'must be CLM- and 8 uppercase hex digits' },
      ]);
    }
    return toClaimDto(await this.claims.get(id));
  }
}
