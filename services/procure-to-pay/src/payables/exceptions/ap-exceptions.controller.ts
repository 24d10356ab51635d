import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiLimitQuery,
  ApiProblemResponse,
  Authorize,
  PAGE_LIMIT,
  QueryParams,
  requireUuid,
} from '@meridian/service-kit';
import { EXCEPTION_REASONS, EXCEPTION_STATUSES } from './ap-exception.entity.js';
import type { ApException } from './ap-exception.entity.js';
import { ApExceptionsStore } from './ap-exceptions.store.js';
import { ApExceptionDto, ApExceptionListDto } from './dto/ap-exception.dto.js';

const toDto = (e: ApException): ApExceptionDto => ({
  exceptionId: e.exceptionId,
  invoiceId: e.invoiceId,
  poNumber: e.poNumber,
  supplierId: e.supplierId,
  reason: e.reason,
  variances: e.variances.map((v) => ({ ...v })),
  currency: e.currency,
  status: e.status,
  raisedAt: e.raisedAt.toISOString(),
  resolvedAt: e.resolvedAt?.toISOString() ?? null,
  resolvedBy: e.resolvedBy,
  resolutionNote: e.resolutionNote,
  sagaId: e.sagaId,
});

/**
 * The AP exception queue (read): decisions are taken on the saga's accounts-payable task, whose
 * completion sends MatchSupplierInvoice again with the resolution.
 */
@ApiTags('accounts payable')
@Controller('ap/exceptions')
@Authorize(['ap-clerk'])
export class ApExceptionsController {
  constructor(private readonly exceptions: ApExceptionsStore) {}

  @Get()
  @ApiOperation({ summary: 'AP match exceptions, newest first' })
  @ApiQuery({ name: 'status', required: false, enum: EXCEPTION_STATUSES })
  @ApiQuery({ name: 'reason', required: false, enum: EXCEPTION_REASONS })
  @ApiQuery({ name: 'supplierId', required: false })
  @ApiLimitQuery()
  @ApiOkResponse({ type: ApExceptionListDto })
  @ApiProblemResponse(400, 'An invalid query parameter, named in errors[].field')
  async list(@Query() query: Record<string, unknown>): Promise<ApExceptionListDto> {
    const params = new QueryParams(query, ['status', 'reason', 'supplierId', 'limit']);
    const filter = {
      status: params.oneOf('status', EXCEPTION_STATUSES),
      reason: params.oneOf('reason', EXCEPTION_REASONS),
      supplierId: params.text('supplierId'),
      limit: params.integer('limit', PAGE_LIMIT),
    };
    params.done();
    return { items: (await this.exceptions.list(filter)).map(toDto) };
  }

  @Get(':exceptionId')
  @ApiOperation({ summary: 'One AP match exception with its variances' })
  @ApiOkResponse({ type: ApExceptionDto })
  @ApiProblemResponse(404, 'No such exception')
  async get(@Param('exceptionId') exceptionId: string): Promise<ApExceptionDto> {
    const found = await this.exceptions.find(requireUuid('exceptionId', exceptionId));
    if (!found) throw new NotFoundException(`AP exception ${exceptionId} does not exist`);
    return toDto(found);
  }
}
