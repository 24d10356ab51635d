import {
  Body,
  Controller,
  Get,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiProblemResponse,
  ApiReferenceImport,
  Authorize,
  ApiReferenceWrite,
  importCounts,
  ImportedRows,
  putRow,
} from '@meridian/service-kit';
import type { RowsToWrite, Written } from '@meridian/service-kit';
import {
  ItemDto,
  ItemImportRequestDto,
  ItemImportResultDto,
  ItemListDto,
  ItemRequestDto,
} from './dto/item.dto.js';
import {
  ITEM_IMPORT,
  parseItemIdParam,
  parseItemPut,
  parseListItemsQuery,
} from './items.requests.js';
import { ISSUING_AGENCIES } from './device-identifier.js';
import type { ItemRow } from './item-master.store.js';
import { ItemsService, toItemDto } from './items.service.js';

@ApiTags('items')
@Controller('items')
export class ItemsController {
  constructor(private readonly items: ItemsService) {}

  @Get()
  @Authorize(['supply-tech', 'supply-supervisor', 'admin'])
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
  @ApiQuery({
    name: 'deviceIdentifier',
    required: false,
    description:
      'UDI device identifier of issuingAgency: GS1 GTIN (as gtin), HIBCC labeler code + product number + unit of measure, ICCBBA ISBT 128 processor product identification code',
    example: 'H123PART0011',
  })
  @ApiQuery({
    name: 'issuingAgency',
    required: false,
    enum: ISSUING_AGENCIES,
    description: 'Agency of deviceIdentifier; GS1 when absent',
  })
  @ApiQuery({ name: 'itemId', required: false, example: 'ITM-1002' })
  @ApiOkResponse({ type: ItemListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'A filter is invalid (named in errors)')
  async list(@Query() query: Record<string, unknown>): Promise<ItemListDto> {
    const items = await this.items.list(parseListItemsQuery(query));
    return { items: items.map(toItemDto) };
  }

  @Get(':itemId')
  @Authorize(['supply-tech', 'supply-supervisor', 'admin'])
  @ApiOperation({ summary: 'One item of the item master' })
  @ApiParam({ name: 'itemId', example: 'ITM-1002' })
  @ApiOkResponse({ type: ItemDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'The item id is invalid')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No item has this id')
  async get(@Param('itemId') itemId: string): Promise<ItemDto> {
    const [item] = await this.items.list({
      itemId: parseItemIdParam(itemId),
      deviceIdentifier: undefined,
    });
    if (!item) throw new NotFoundException(`item ${itemId} is not in the item master`);
    return toItemDto(item);
  }

  @Put(':itemId')
  @Authorize(['supply-supervisor', 'admin'])
  @ApiReferenceWrite({
    rows: ITEM_IMPORT,
    summary:
      'Creates or replaces one item (its GTINs and device identifiers included); usages use it at once',
    params: { itemId: 'ITM-3001' },
    type: ItemRequestDto,
    result: ItemDto,
    refusals: [
      {
        status: HttpStatus.CONFLICT,
        description:
          'A GTIN or device identifier is already on another item (errors[].field: gtins or deviceIdentifiers)',
      },
    ],
  })
  async put(@Param('itemId') itemId: string, @Body() body: unknown): Promise<Written<ItemDto>> {
    const item = parseItemPut(itemId, body);
    const written = await this.items.write(putRow(item));
    return { row: toItemDto(item), created: written.created > 0 };
  }

  @Post('import')
  @Authorize(['supply-supervisor', 'admin'])
  @ApiReferenceImport({
    rows: ITEM_IMPORT,
    by: 'item id',
    type: ItemImportRequestDto,
    result: ItemImportResultDto,
    csv: 'one row per item, its GTINs in one cell separated by |, its device identifiers as AGENCY:identifier separated by | (HIBCC:H123PART0011|ICCBBA:A9999XYZ100T0944)',
    example: 'row 3: gtins',
    refusals: [
      {
        status: HttpStatus.CONFLICT,
        description:
          'A GTIN or device identifier of a row is on an item outside the import (row 3: gtins, row 3: deviceIdentifiers)',
      },
    ],
  })
  async import(
    @ImportedRows(ITEM_IMPORT) rows: RowsToWrite<ItemRow>,
  ): Promise<ItemImportResultDto> {
    const written = await this.items.write(rows);
    return importCounts(rows.rows.length, written.created);
  }
}
