import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiLimitQuery, ApiProblemResponse, requireUuid } from '@meridian/service-kit';
import { MESSAGE_STATUSES } from '../ingest/protocol.js';
import { MessageDetailDto, MessagePageDto } from './dto/message.dto.js';
import {
  DETAIL_INCLUDES,
  MESSAGE_LIMIT,
  parseDetailQuery,
  parseMessageQuery,
} from './messages.requests.js';
import { MessagesService } from './messages.service.js';

@ApiTags('messages')
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOperation({ summary: 'Inbound messages, newest first (without raw payloads)' })
  @ApiQuery({ name: 'status', required: false, enum: MESSAGE_STATUSES })
  @ApiQuery({
    name: 'controlId',
    required: false,
    description: 'MSH-10 or Encounter/<id>/_history/<versionId>',
  })
  @ApiQuery({ name: 'encounterId', required: false, description: 'Visit number, e.g. V000123' })
  @ApiLimitQuery(MESSAGE_LIMIT)
  @ApiOkResponse({ type: MessagePageDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'An unknown or invalid parameter')
  list(@Query() query: Record<string, unknown>): Promise<MessagePageDto> {
    return this.messages.list(parseMessageQuery(query));
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'One inbound message with the answer given; its raw payload (PHI) with include=rawPayload',
    description:
      'The raw payload is PHI: with authentication (issue 15) include=rawPayload will need the role phi-reader and be audited as a PHI read. Null once purged (payloadPurgedAt, MESSAGE_RETENTION_DAYS).',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({ name: 'include', required: false, enum: DETAIL_INCLUDES })
  @ApiOkResponse({ type: MessageDetailDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'The id is not a UUID, or an unknown parameter')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No such message')
  get(@Param('id') id: string, @Query() query: Record<string, unknown>): Promise<MessageDetailDto> {
    const options = parseDetailQuery(query);
    return this.messages.get(requireUuid('id', id), options);
  }

  @Post(':id/reprocess')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Run the pipeline again on a REJECTED or FAILED message',
    description:
      'E.g. after reference data or a mapping changed. Answers the message with its new status and answer; the new ACK of an HL7 message is stored (a later resend gets it), not sent.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: MessageDetailDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'The id is not a UUID')
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No such message')
  @ApiProblemResponse(HttpStatus.CONFLICT, 'PROCESSED already, or being processed right now')
  @ApiProblemResponse(HttpStatus.GONE, 'Its raw payload was purged (MESSAGE_RETENTION_DAYS)')
  reprocess(@Param('id') id: string): Promise<MessageDetailDto> {
    return this.messages.reprocess(requireUuid('id', id));
  }
}
