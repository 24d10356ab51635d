import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, QueryParams } from '@meridian/service-kit';
import { CHARGEMASTER_KINDS } from './chargemaster-item.entity.js';
import { ChargemasterService } from './chargemaster.service.js';
import { ChargemasterListDto, toChargemasterItemDto } from './dto/chargemaster-item.dto.js';

@ApiTags('chargemaster')
@Controller('chargemaster')
export class ChargemasterController {
  constructor(private readonly chargemaster: ChargemasterService) {}

  @Get()
  @ApiOperation({ summary: 'Chargemaster rows, by CDM or CPT/HCPCS code and kind' })
  @ApiQuery({
    name: 'code',
    required: false,
    description: 'A CDM code (3240001) or CPT/HCPCS code (71046)',
  })
  @ApiQuery({ name: 'kind', required: false, enum: CHARGEMASTER_KINDS })
  @ApiOkResponse({ type: ChargemasterListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An unknown or invalid parameter')
  async list(@Query() query: Record<string, unknown>): Promise<ChargemasterListDto> {
    const params = new QueryParams(query, ['code', 'kind']);
    const parsed = { code: params.text('code'), kind: params.oneOf('kind', CHARGEMASTER_KINDS) };
    params.done();
    const items = await this.chargemaster.list(parsed);
    return { items: items.map(toChargemasterItemDto) };
  }
}
