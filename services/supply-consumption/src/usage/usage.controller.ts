import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  AnswersWritten,
  ApiProblemResponse,
  Audit,
  Authorize,
  CurrentCaller,
} from '@meridian/service-kit';
import type { AuditNote, Caller, Written } from '@meridian/service-kit';
import { RecordUsageDto, VoidUsageDto } from './dto/record-usage.dto.js';
import { UsageDto, UsageListDto } from './dto/usage.dto.js';
import {
  parseListUsageQuery,
  parseRecordUsage,
  parseUsageIdParam,
  parseVoidUsage,
} from './usage.requests.js';
import { UsageService } from './usage.service.js';

@ApiTags('usage')
@Controller('usage')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @Post()
  @Authorize(['supply-tech', 'supply-supervisor'])
  @AnswersWritten()
  @ApiOperation({
    summary: 'Record a non-implant supply used for an encounter',
    description:
      'Identify the item by exactly one of itemId, gtin or a GS1 barcode. The usage is stored ' +
      'and SupplyUsed is published on supply.usage.v1 (key: encounterId) in one transaction.',
  })
  @ApiBody({ type: RecordUsageDto })
  @ApiCreatedResponse({ type: UsageDto, description: 'Recorded; SupplyUsed published' })
  @ApiOkResponse({
    type: UsageDto,
    description: 'The usageId was recorded before: that usage, nothing published again',
  })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'Invalid body (the fields are named)')
  @ApiProblemResponse(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'Unknown item, an implant (use the implant scan), or another unit of measure',
  )
  @ApiProblemResponse(HttpStatus.CONFLICT, 'usageId taken by a different usage')
  async record(@Body() body: unknown, @Audit() audit: AuditNote): Promise<Written<UsageDto>> {
    const request = parseRecordUsage(body, new Date());
    audit.businessKey = request.encounterId;
    const recorded = await this.usage.record(request);
    return { row: recorded.usage, created: recorded.created };
  }

  @Get()
  @Authorize(['supply-tech', 'supply-supervisor', 'revenue-integrity'])
  @ApiOperation({ summary: 'List the supply usages of an encounter, in order of use' })
  @ApiQuery({ name: 'encounterId', required: true, example: 'V000123' })
  @ApiOkResponse({ type: UsageListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'encounterId missing or invalid')
  async list(@Query() query: Record<string, unknown>): Promise<UsageListDto> {
    return { items: await this.usage.list(parseListUsageQuery(query).encounterId) };
  }

  @Post(':usageId/void')
  @Authorize(['supply-tech', 'supply-supervisor'])
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Void a usage recorded in error',
    description:
      'A voided usage is never charged. Voiding stores the void and publishes ' +
      'SupplyUsageVoided on supply.usage.v1 (key: encounterId) in one transaction; voiding it ' +
      'again answers it unchanged and publishes nothing. Once the discharge-to-revenue saga ' +
      'reconciled it for a claim it cannot be voided (409): the claim is corrected in ' +
      'revenue-cycle instead. The void is recorded as made by the caller (voidedBy: the ' +
      "token's preferred_username, else its subject); a body naming voidedBy is a 400.",
  })
  @ApiParam({ name: 'usageId', format: 'uuid' })
  @ApiBody({ type: VoidUsageDto, required: false })
  @ApiOkResponse({ type: UsageDto, description: 'Voided (SupplyUsageVoided published once)' })
  @ApiProblemResponse(
    HttpStatus.BAD_REQUEST,
    'usageId or the body is invalid (voidedBy: the voider is the caller, not a field)',
  )
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No usage with this id')
  @ApiProblemResponse(HttpStatus.CONFLICT, 'Already reconciled for a claim')
  async void(
    @Param('usageId') usageId: string,
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
    @Audit() audit: AuditNote,
  ): Promise<UsageDto> {
    const id = parseUsageIdParam(usageId);
    const voided = await this.usage.void(id, parseVoidUsage(body, caller));
    audit.businessKey = voided.encounterId;
    return voided;
  }
}
