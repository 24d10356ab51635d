import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
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
  SERVICE_CONFIG,
} from '@meridian/service-kit';
import type { AuditNote, Caller } from '@meridian/service-kit';
import type { AppConfig } from '../config/app.config.js';
import { CODERS, REVENUE_READERS } from '../shared/access.js';
import { CODING_ITEM_STATUSES } from './coding-queue-item.entity.js';
import { CodingService } from './coding.service.js';
import type { CodingQueueEntry } from './coding.service.js';
import { parseCompleteCodingBody } from './complete-coding.request.js';
import {
  CodingQueueItemDto,
  CodingQueueListDto,
  toCodingQueueItemDto,
} from './dto/coding-queue-item.dto.js';
import { CompleteCodingRequestDto } from './dto/complete-coding.dto.js';

@ApiTags('coding-queue')
@Controller('coding-queue')
export class CodingQueueController {
  constructor(
    private readonly coding: CodingService,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Authorize(REVENUE_READERS)
  @ApiOperation({ summary: 'Encounters waiting for (or done by) a coder, oldest first' })
  @ApiQuery({ name: 'status', required: false, enum: CODING_ITEM_STATUSES })
  @ApiQuery({ name: 'encounterId', required: false, example: 'MGH:V000123' })
  @ApiLimitQuery()
  @ApiOkResponse({ type: CodingQueueListDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An unknown or invalid parameter')
  async list(@Query() query: Record<string, unknown>): Promise<CodingQueueListDto> {
    const params = new QueryParams(query, ['status', 'encounterId', 'limit']);
    const parsed = {
      status: params.oneOf('status', CODING_ITEM_STATUSES),
      encounterId: params.text('encounterId'),
      limit: params.integer('limit', PAGE_LIMIT),
    };
    params.done();
    const entries = await this.coding.list(parsed);
    return { items: entries.map((entry) => this.view(entry)) };
  }

  @Get(':id')
  @Authorize(REVENUE_READERS)
  @ApiOperation({ summary: 'One coding-queue item' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CodingQueueItemDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'id is not a UUID')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No such coding-queue item')
  async get(@Param('id') id: string): Promise<CodingQueueItemDto> {
    return this.view(await this.coding.get(requireUuid('id', id)));
  }

  @Post(':id/complete')
  @Authorize(CODERS)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      "A coder's final codes: the item is COMPLETED and the waiting saga gets its CompleteCodingReply",
    description:
      "The coder recorded (coderId of the coding and of EncounterCoded) is the caller: the token's " +
      'preferred_username, else its subject. A body naming coderId is a 400.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiBody({ type: CompleteCodingRequestDto })
  @ApiOkResponse({ type: CodingQueueItemDto })
  @ApiProblemResponse(
    HttpStatus.BAD_REQUEST,
    'An invalid field, named in errors[].field (coderId: the coder is the caller, not a field)',
  )
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No such coding-queue item')
  @ApiProblemResponse(HttpStatus.CONFLICT, 'The item is not OPEN')
  async complete(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
    @Audit() audit: AuditNote,
  ): Promise<CodingQueueItemDto> {
    const itemId = requireUuid('id', id);
    // The audit record names the encounter, also when the completion is refused (400, 409).
    audit.businessKey = (await this.coding.get(itemId)).item.encounterId;
    const input = parseCompleteCodingBody(body, actorOf(caller));
    return this.view(await this.coding.complete(itemId, input));
  }

  private view(entry: CodingQueueEntry): CodingQueueItemDto {
    return toCodingQueueItemDto(entry, this.config.codingEscalationHours);
  }
}
