import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  actorOf,
  ApiLimitQuery,
  ApiProblemResponse,
  Audit,
  Authorize,
  CurrentCaller,
  PAGE_LIMIT,
  QueryParams,
  requireUuid,
} from '@meridian/service-kit';
import type { AuditNote, Caller } from '@meridian/service-kit';
import { ApExceptionRejectionService } from './ap-exception-rejection.service.js';
import { readRejection } from './ap-exception.requests.js';
import { EXCEPTION_REASONS, EXCEPTION_STATUSES } from './ap-exception.entity.js';
import type { ApException } from './ap-exception.entity.js';
import { ApExceptionsStore } from './ap-exceptions.store.js';
import {
  ApExceptionDto,
  ApExceptionListDto,
  RejectApExceptionRequestDto,
} from './dto/ap-exception.dto.js';

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
 * The AP exception queue. An exception a saga waits on is decided on the saga's accounts-payable
 * task, whose completion sends MatchSupplierInvoice again with the resolution; one no saga waits on
 * (an invoice naming no PO of its supplier) is rejected here.
 */
@ApiTags('accounts payable')
@Controller('ap/exceptions')
@Authorize(['ap-clerk'])
export class ApExceptionsController {
  constructor(
    private readonly exceptions: ApExceptionsStore,
    private readonly rejections: ApExceptionRejectionService,
  ) {}

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

  @Post(':exceptionId/reject')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Rejects the invoice of an exception no saga waits on (NO_PO): sent back to the supplier',
    description:
      'The invoice becomes REJECTED (SupplierInvoiceRejected on p2p.invoice.v1) and the exception ' +
      "RESOLVED_REJECTED, recorded as the caller's (the token's preferred_username, else its " +
      "subject). An exception a saga waits on is decided on that saga's accounts-payable task (409).",
  })
  @ApiBody({ type: RejectApExceptionRequestDto, required: false })
  @ApiOkResponse({ type: ApExceptionDto, description: 'The exception, RESOLVED_REJECTED' })
  @ApiProblemResponse(400, 'exceptionId or a body field is invalid, named in errors[].field')
  @ApiProblemResponse(404, 'No such exception')
  @ApiProblemResponse(409, 'Resolved already, or a saga waits on it (decide on its task)')
  async reject(
    @Param('exceptionId') exceptionId: string,
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
    @Audit() audit: AuditNote,
  ): Promise<ApExceptionDto> {
    const id = requireUuid('exceptionId', exceptionId);
    const input = readRejection(body);
    const rejected = await this.rejections.reject(id, actorOf(caller), input);
    audit.businessKey = rejected.poNumber ?? rejected.invoiceId;
    return toDto(rejected);
  }
}
