import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiProblemResponse, Authorize, CurrentCaller } from '@meridian/service-kit';
import type { Caller } from '@meridian/service-kit';
import {
  ReceiptRequestDto,
  ReplenishmentListDto,
  ReplenishmentRequestDto,
} from './dto/replenishment.dto.js';
import { parseReceipt, parseReplenishmentQuery } from './replenishment.requests.js';
import { ReplenishmentService, toReplenishmentDto } from './replenishment.service.js';
import { REPLENISHMENT_STATUSES } from './replenishment.store.js';

@ApiTags('replenishments')
@Controller('replenishments')
@Authorize(['supply-tech', 'supply-supervisor'])
export class ReplenishmentController {
  constructor(private readonly replenishments: ReplenishmentService) {}

  @Get()
  @ApiOperation({
    summary: 'Consignment restocks asked of suppliers after implants were used',
    description: 'Every filter given must match; oldest first.',
  })
  @ApiQuery({ name: 'supplierId', required: false, example: 'SUP-STRYKER' })
  @ApiQuery({ name: 'status', required: false, enum: REPLENISHMENT_STATUSES })
  @ApiQuery({ name: 'usageId', required: false, description: 'uuid of the implant usage' })
  @ApiOkResponse({ type: ReplenishmentListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'A filter is invalid (named in errors)')
  async list(@Query() query: Record<string, unknown>): Promise<ReplenishmentListDto> {
    const found = await this.replenishments.list(parseReplenishmentQuery(query));
    return { replenishments: found.map(toReplenishmentDto) };
  }

  @Post(':replenishmentRequestId/receive')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'The supplier restocked: the consignment stock goes up by the request’s quantity',
    description:
      "Recorded as received by the caller (receivedBy: the token's preferred_username, else its " +
      'subject); a body naming receivedBy is a 400.',
  })
  @ApiParam({ name: 'replenishmentRequestId', format: 'uuid' })
  @ApiBody({ type: ReceiptRequestDto, required: false })
  @ApiOkResponse({ type: ReplenishmentRequestDto })
  @ApiProblemResponse(
    HttpStatus.BAD_REQUEST,
    'An invalid field, named in errors[].field (receivedBy: the receiver is the caller, not a field)',
  )
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No replenishment request has this id')
  @ApiProblemResponse(HttpStatus.CONFLICT, 'The request was received already')
  async receive(
    @Param('replenishmentRequestId') id: string,
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
  ): Promise<ReplenishmentRequestDto> {
    const { replenishmentRequestId, receipt } = parseReceipt(id, body, caller);
    return toReplenishmentDto(await this.replenishments.receive(replenishmentRequestId, receipt));
  }
}
