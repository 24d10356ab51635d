import { Body, Controller, Get, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { formatCents } from '@meridian/contracts';
import {
  ApiReferenceImport,
  ApiReferenceWrite,
  Authorize,
  ImportedRows,
  QueryParams,
} from '@meridian/service-kit';
import type { RowsToWrite, Written } from '@meridian/service-kit';
import { ChartService } from '../ledger/chart/chart.service.js';
import { ImportResultDto } from '../ledger/chart/dto/chart.dto.js';
import {
  ContractPriceDto,
  ContractPriceImportDto,
  ContractPriceListDto,
  ContractPriceRequestDto,
  SupplierDto,
  SupplierImportDto,
  SupplierListDto,
  SupplierRequestDto,
} from './dto/supplier.dto.js';
import { CONTRACT_PRICE_IMPORT, SUPPLIER_IMPORT } from './supplier.requests.js';
import type { ContractPriceRow, SupplierRow } from './supplier.requests.js';
import { CONTRACT_PRICE_PART, SUPPLIER_PART, SuppliersService } from './suppliers.service.js';

const toSupplierDto = ({ supplierId, name, paymentTermsDays }: SupplierRow): SupplierDto => ({
  supplierId,
  name,
  paymentTermsDays,
});

const toPriceDto = (row: ContractPriceRow): ContractPriceDto => ({
  supplierId: row.supplierId,
  itemId: row.itemId,
  contractId: row.contractId,
  unitPrice: formatCents(row.unitPriceCents),
  currency: row.currency,
  unitOfMeasure: row.unitOfMeasure,
  effectiveFrom: row.effectiveFrom,
  effectiveTo: row.effectiveTo,
  supplierItemNumber: row.supplierItemNumber,
});

const REFUSED_PRICE = {
  status: HttpStatus.CONFLICT,
  description: 'The price overlaps another of the supplier’s item (errors[].field effectiveFrom)',
} as const;

/** The supplier master and each supplier's contract prices (reference data, import API). */
@ApiTags('suppliers')
@Controller()
export class SuppliersController {
  constructor(
    private readonly chart: ChartService,
    private readonly suppliers: SuppliersService,
  ) {}

  @Get('suppliers')
  @Authorize(['ap-clerk', 'supply-supervisor', 'admin'])
  @ApiOperation({ summary: 'The supplier master' })
  @ApiOkResponse({ type: SupplierListDto })
  async list(): Promise<SupplierListDto> {
    return { items: (await this.suppliers.suppliers()).map(toSupplierDto) };
  }

  @Put('suppliers/:supplierId')
  @Authorize(['ap-clerk', 'admin'])
  @ApiReferenceWrite({
    rows: SUPPLIER_IMPORT,
    summary: 'Creates or replaces one supplier; the next journal or purchase order uses it',
    params: { supplierId: 'SUP-STRYKER' },
    type: SupplierRequestDto,
    result: SupplierDto,
  })
  async put(
    @Param('supplierId') supplierId: string,
    @Body() body: unknown,
  ): Promise<Written<SupplierDto>> {
    const { row, created } = await this.chart.put(SUPPLIER_PART, { supplierId }, body);
    return { row: toSupplierDto(row), created };
  }

  @Post('suppliers/import')
  @Authorize(['ap-clerk', 'admin'])
  @ApiReferenceImport({
    rows: SUPPLIER_IMPORT,
    by: 'supplier id',
    type: SupplierImportDto,
    result: ImportResultDto,
    example: 'row 3: name; or a key twice',
  })
  import(@ImportedRows(SUPPLIER_IMPORT) rows: RowsToWrite<SupplierRow>): Promise<ImportResultDto> {
    return this.chart.import(SUPPLIER_PART, rows);
  }

  @Put('suppliers/:supplierId/contract-prices/:itemId')
  @Authorize(['ap-clerk', 'admin'])
  @ApiReferenceWrite({
    rows: CONTRACT_PRICE_IMPORT,
    summary: 'Creates or replaces one contract price; the next journal or purchase order uses it',
    params: { supplierId: 'SUP-STRYKER', itemId: 'ITEM-HIP-STEM-12' },
    type: ContractPriceRequestDto,
    result: ContractPriceDto,
    refusals: [REFUSED_PRICE],
  })
  async putPrice(
    @Param('supplierId') supplierId: string,
    @Param('itemId') itemId: string,
    @Body() body: unknown,
  ): Promise<Written<ContractPriceDto>> {
    const { row, created } = await this.chart.put(
      CONTRACT_PRICE_PART,
      { supplierId, itemId },
      body,
    );
    return { row: toPriceDto(row), created };
  }

  @Post('contract-prices/import')
  @Authorize(['ap-clerk', 'admin'])
  @ApiReferenceImport({
    rows: CONTRACT_PRICE_IMPORT,
    by: 'supplier, item and effectiveFrom',
    type: ContractPriceImportDto,
    result: ImportResultDto,
    example: 'row 3: unitPrice; or a key twice',
    refusals: [REFUSED_PRICE],
  })
  importPrices(
    @ImportedRows(CONTRACT_PRICE_IMPORT) rows: RowsToWrite<ContractPriceRow>,
  ): Promise<ImportResultDto> {
    return this.chart.import(CONTRACT_PRICE_PART, rows);
  }

  @Get('contract-prices')
  @Authorize(['ap-clerk', 'supply-supervisor', 'admin'])
  @ApiOperation({ summary: 'Contract prices, of a supplier and/or item' })
  @ApiQuery({ name: 'supplierId', required: false })
  @ApiQuery({ name: 'itemId', required: false })
  @ApiOkResponse({ type: ContractPriceListDto })
  async prices(@Query() query: Record<string, unknown>): Promise<ContractPriceListDto> {
    const params = new QueryParams(query, ['supplierId', 'itemId']);
    const supplierId = params.text('supplierId');
    const itemId = params.text('itemId');
    params.done();
    const rows = await this.suppliers.contractPrices({ supplierId, itemId });
    return { items: rows.map(toPriceDto) };
  }
}
