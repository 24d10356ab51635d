import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiLimitQuery,
  ApiProblemResponse,
  Authorize,
  InvalidRequestException,
  PAGE_LIMIT,
  QueryParams,
} from '@meridian/service-kit';
import { REVENUE_READERS } from '../shared/access.js';
import { CLAIM_ID, ClaimsService } from './claims.service.js';
import { ClaimDto, ClaimListDto, toClaimDto } from './dto/claim.dto.js';

@ApiTags('claims')
@Controller('claims')
@Authorize(REVENUE_READERS)
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Get()
  @ApiOperation({ summary: 'Claims with their lines and totals, newest first' })
  @ApiQuery({ name: 'encounterId', required: false, example: 'MGH:V000123' })
  @ApiLimitQuery()
  @ApiOkResponse({ type: ClaimListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An unknown or invalid parameter')
  async list(@Query() query: Record<string, unknown>): Promise<ClaimListDto> {
    const params = new QueryParams(query, ['encounterId', 'limit']);
    const parsed = {
      encounterId: params.text('encounterId'),
      limit: params.integer('limit', PAGE_LIMIT),
    };
    params.done();
    const claims = await this.claims.list(parsed);
    return { items: claims.map(toClaimDto) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One claim' })
  @ApiParam({ name: 'id', example: 'CLM-1A2B3C4D' })
  @ApiOkResponse({ type: ClaimDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'Not a claim id (CLM- and 8 hex digits)')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No such claim')
  async get(@Param('id') id: string): Promise<ClaimDto> {
    if (!CLAIM_ID.test(id)) {
      throw new InvalidRequestException([
        { field: 'id', message: 'must be CLM- and 8 uppercase hex digits' },
      ]);
    }
    return toClaimDto(await this.claims.get(id));
  }
}
