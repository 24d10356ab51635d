import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, Authorize, QueryParams } from '@meridian/service-kit';
import { REVENUE_READERS } from '../shared/access.js';
import { ChargesService } from './charges.service.js';
import { EncounterChargesDto, toEncounterChargesDto } from './dto/charge.dto.js';

@ApiTags('charges')
@Controller('charges')
@Authorize(REVENUE_READERS)
export class ChargesController {
  constructor(private readonly charges: ChargesService) {}

  @Get()
  @ApiOperation({ summary: "An encounter's charge lines (active and reversed) with their totals" })
  @ApiQuery({ name: 'encounterId', required: true, example: 'MGH:V000123' })
  @ApiOkResponse({ type: EncounterChargesDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'encounterId missing or an unknown parameter')
  async list(@Query() query: Record<string, unknown>): Promise<EncounterChargesDto> {
    const params = new QueryParams(query, ['encounterId']);
    const encounterId = params.requiredText('encounterId');
    params.done();
    return toEncounterChargesDto(encounterId, await this.charges.forEncounter(encounterId));
  }
}
