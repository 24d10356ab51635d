import {
  Body,
  Controller,
  Get,
  Headers,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiImport, ApiProblemResponse, readImport, rowError } from '@meridian/service-kit';
import {
  StockCountRequestDto,
  StockDto,
  StockImportRequestDto,
  StockImportResultDto,
  StockListDto,
} from './dto/consignment-stock.dto.js';
import { parseStockPut, parseStockQuery, STOCK_IMPORT } from './consignment-stock.requests.js';
import { ConsignmentStockService, toStockDto } from './consignment-stock.service.js';

/** The part of the HTTP response a handler sets the status of. */
interface StatusResponse {
  status(code: number): unknown;
}

const REFUSED =
  'An item is unknown, not consignment stock, or consigned by another supplier (errors[].field: itemId or supplierId)';

@ApiTags('consignment-stock')
@Controller('consignment-stock')
export class ConsignmentStockController {
  constructor(private readonly stock: ConsignmentStockService) {}

  @Get()
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
  @ApiOperation({ summary: 'Sets the counted consignment stock of one item at one location' })
  @ApiParam({ name: 'locationId', example: 'OR' })
  @ApiParam({ name: 'itemId', example: 'ITM-7001' })
  @ApiBody({ type: StockCountRequestDto })
  @ApiCreatedResponse({ type: StockDto, description: 'The stock row was created' })
  @ApiOkResponse({ type: StockDto, description: 'The count was replaced' })
  @ApiProblemResponse(
    HttpStatus.BAD_REQUEST,
    `An invalid field, named in errors[].field. ${REFUSED}`,
  )
  async put(
    @Param('locationId') locationId: string,
    @Param('itemId') itemId: string,
    @Body() body: unknown,
    @Res({ passthrough: true }) response: StatusResponse,
  ): Promise<StockDto> {
    const count = parseStockPut(locationId, itemId, body);
    const written = await this.stock.write([{ row: 1, value: count }], (_row, field, message) => ({
      field,
      message,
    }));
    response.status(written.created > 0 ? HttpStatus.CREATED : HttpStatus.OK);
    const [row] = await this.stock.list(count);
    if (!row) throw new Error('a written stock row was not read back');
    return toStockDto(row);
  }

  @Post('import')
  @ApiImport({
    ...STOCK_IMPORT,
    summary:
      'Sets counted consignment stock by supplier, location and item in one transaction: all rows or, on any error, none',
    type: StockImportRequestDto,
    result: StockImportResultDto,
    csv: 'one row per supplier, location and item',
    example: 'row 3: quantityOnHand',
    refusals: [{ status: HttpStatus.BAD_REQUEST, description: `${REFUSED}, by row` }],
  })
  async import(
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
  ): Promise<StockImportResultDto> {
    const rows = readImport(body, contentType, STOCK_IMPORT);
    const written = await this.stock.write(rows, rowError);
    return { created: written.created, replaced: rows.length - written.created };
  }
}
