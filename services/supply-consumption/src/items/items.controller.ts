import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse } from '@meridian/service-kit';
import { ItemListDto } from './dto/item.dto.js';
import { parseListItemsQuery } from './items.requests.js';
import { ItemsService } from './items.service.js';

@ApiTags('items')
@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get()
  @ApiOperation({
    summary: 'Look items up in the item master',
    description: 'Every filter given must match; without filters, the whole item master.',
  })
  @ApiQuery({
    name: 'gtin',
    required: false,
    description: 'GTIN-8/12/13/14 with a valid check digit (compared as GTIN-14)',
    example: '00884521234560',
  })
  @ApiQuery({ name: 'itemId', required: false, example: 'ITM-1002' })
  @ApiOkResponse({ type: ItemListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'A filter is invalid (named in errors)')
  async list(@Query() query: Record<string, unknown>): Promise<ItemListDto> {
    return { items: await this.items.list(parseListItemsQuery(query)) };
  }
}
