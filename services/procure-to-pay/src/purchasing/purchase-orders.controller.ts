import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { formatCents } from '@meridian/contracts';
import {
  ApiLimitQuery,
  ApiProblemResponse,
  Authorize,
  PAGE_LIMIT,
  QueryParams,
} from '@meridian/service-kit';
import { PurchaseOrderDto, PurchaseOrderListDto } from './dto/purchase-order.dto.js';
import { PO_STATUSES } from './purchase-order.entities.js';
import { PurchaseOrdersService } from './purchase-orders.service.js';
import type { PoWithLines } from './purchase-orders.service.js';

export function toPurchaseOrderDto({ po, lines }: PoWithLines): PurchaseOrderDto {
  return {
    poNumber: po.poNumber,
    supplierId: po.supplierId,
    billOnly: po.billOnly,
    status: po.status,
    costCenter: po.costCenter,
    encounterId: po.encounterId,
    usageId: po.usageId,
    totalAmount: formatCents(po.totalCents),
    currency: po.currency,
    orderedAt: po.orderedAt.toISOString(),
    cancelledAt: po.cancelledAt?.toISOString() ?? null,
    cancelReason: po.cancelReason,
    awaiting: po.matchWaitingFor,
    lines: lines.map((l) => ({
      lineNumber: l.lineNumber,
      itemId: l.itemId,
      supplierItemNumber: l.supplierItemNumber,
      gtin: l.gtin,
      quantity: l.quantity,
      unitOfMeasure: l.unitOfMeasure,
      contractUnitPrice: formatCents(l.unitPriceCents),
      lineAmount: formatCents(l.lineAmountCents),
      contractId: l.contractId,
      lotNumber: l.lotNumber,
      serialNumber: l.serialNumber,
      usageId: l.usageId,
    })),
  };
}

@ApiTags('purchasing')
@Controller('purchase-orders')
@Authorize(['ap-clerk', 'supply-supervisor'])
export class PurchaseOrdersController {
  constructor(private readonly orders: PurchaseOrdersService) {}

  @Get()
  @ApiOperation({ summary: 'Purchase orders, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: PO_STATUSES })
  @ApiQuery({ name: 'supplierId', required: false })
  @ApiQuery({ name: 'encounterId', required: false })
  @ApiLimitQuery()
  @ApiOkResponse({ type: PurchaseOrderListDto })
  @ApiProblemResponse(400, 'An invalid query parameter, named in errors[].field')
  async list(@Query() query: Record<string, unknown>): Promise<PurchaseOrderListDto> {
    const params = new QueryParams(query, ['status', 'supplierId', 'encounterId', 'limit']);
    const filter = {
      status: params.oneOf('status', PO_STATUSES),
      supplierId: params.text('supplierId'),
      encounterId: params.text('encounterId'),
      limit: params.integer('limit', PAGE_LIMIT),
    };
    params.done();
    return { items: (await this.orders.list(filter)).map(toPurchaseOrderDto) };
  }

  @Get(':poNumber')
  @ApiOperation({ summary: 'One purchase order with its lines' })
  @ApiOkResponse({ type: PurchaseOrderDto })
  @ApiProblemResponse(404, 'No such purchase order')
  async get(@Param('poNumber') poNumber: string): Promise<PurchaseOrderDto> {
    const found = await this.orders.find(poNumber);
    if (!found) throw new NotFoundException(`purchase order ${poNumber} does not exist`);
    return toPurchaseOrderDto(found);
  }
}
