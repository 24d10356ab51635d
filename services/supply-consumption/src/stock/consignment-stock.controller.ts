import { Body, Controller, Get, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
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
  StockCountRequestDto,
  StockDto,
  StockImportRequestDto,
  StockImportResultDto,
  StockListDto,
} from './dto/consignment-stock.dto.js';
import { parseStockPut, parseStockQuery, STOCK_IMPORT } from './consignment-stock.requests.js';
import { ConsignmentStockService, toStockDto } from './consignment-stock.service.js';
import type { StockCount } from './consignment-stock.store.js';

const REFUSED = {
  status: HttpStatus.BAD_REQUEST,
  description:
    'An item is unknown, not consignment stock, or consigned by another supplier (errors[].field: itemId or supplierId)',
} as const;

@ApiTags('consignment-stock')
@Controller('consignment-stock')
export class ConsignmentStockController {
  constructor(private readonly stock: ConsignmentStockService) {}

  @Get()
  @Authorize(['supply-tech', 'supply-supervisor', 'admin'])
  @ApiOperation({
    summary: 'Supplier-owned implant stock by supplier, location and item',
    description:
      'Every filter given must match. countDiscrepancy: more devices were used than counted (the count is below zero).',
  })
  @ApiQuery({ name: 'supplierId', required: false, example: 'SUP-STRYKER' })
  @ApiQuery({ name: 'locationId', required: false, example: 'OR' })
  @ApiQuery({ name: 'itemId', required: false, example: 'ITM-7001' })
  @ApiOkResponse({ type: StockListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'A filter is invalid (named in errors)')
  async list(@Query() query: Record<string, unknown>): Promise<StockListDto> {
    const rows = await this.stock.list(parseStockQuery(query));
    return { stock: rows.map(toStockDto) };
  }

  @Put(':locationId/:itemId')
  @Authorize(['supply-supervisor', 'admin'])
  @ApiReferenceWrite({
    rows: STOCK_IMPORT,
    summary: 'Sets the counted consignment stock of one item at one location',
    params: { locationId: 'OR', itemId: 'ITM-7001' },
    type: StockCountRequestDto,
    result: StockDto,
    refusals: [REFUSED],
  })
  async put(
    @Param('locationId') locationId: string,
    @Param('itemId') itemId: string,
    @Body() body: unknown,
  ): Promise<Written<StockDto>> {
    const count = parseStockPut(locationId, itemId, body);
    const written = await this.stock.write(putRow(count));
    const [row] = await this.stock.list(count);
    if (!row) throw new Error('a written stock row was not read back');
    return { row: toStockDto(row), created: written.created > 0 };
  }

  @Post('import')
  @Authorize(['supply-supervisor', 'admin'])
  @ApiReferenceImport({
    rows: STOCK_IMPORT,
    by: 'supplier, location and item',
    type: StockImportRequestDto,
    result: StockImportResultDto,
    csv: 'one row per supplier, location and item',
    example: 'row 3: quantityOnHand',
    refusals: [REFUSED],
  })
  async import(
    @ImportedRows(STOCK_IMPORT) rows: RowsToWrite<StockCount>,
  ): Promise<StockImportResultDto> {
    const written = await this.stock.write(rows);
    return importCounts(rows.rows.length, written.created);
  }
}
