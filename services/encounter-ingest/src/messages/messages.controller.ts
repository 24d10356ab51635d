import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { MESSAGE_STATUSES } from '../ingest/protocol.js';
import { MessageDetailDto, MessagePageDto } from './dto/message.dto.js';
import { MAX_LIMIT, parseMessageQuery, requireMessageId } from './messages.requests.js';
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
  @ApiQuery({ name: 'limit', required: false, description: `1 to ${MAX_LIMIT}, default 50` })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiBadRequestResponse({ description: 'problem+json naming each invalid parameter' })
  list(@Query() query: Record<string, unknown>): Promise<MessagePageDto> {
    return this.messages.list(parseMessageQuery(query));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One inbound message with its raw payload (PHI) and the answer given' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: MessageDetailDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID (problem+json)' })
  @ApiNotFoundResponse({ description: 'No such message (problem+json)' })
  get(@Param('id') id: string): Promise<MessageDetailDto> {
    return this.messages.get(requireMessageId(id));
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
  @ApiBadRequestResponse({ description: 'The id is not a UUID (problem+json)' })
  @ApiNotFoundResponse({ description: 'No such message (problem+json)' })
  @ApiConflictResponse({
    description: 'PROCESSED already, or being processed right now (problem+json)',
  })
  reprocess(@Param('id') id: string): Promise<MessageDetailDto> {
    return this.messages.reprocess(requireMessageId(id));
  }
}
