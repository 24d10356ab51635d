import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  ApiLimitQuery,
  ApiProblemResponse,
  Audit,
  Authorize,
  CurrentCaller,
  PHI_READER,
  requireRole,
  requireUuid,
} from '@meridian/service-kit';
import type { AuditNote, Caller } from '@meridian/service-kit';
import { MESSAGE_STATUSES } from '../ingest/protocol.js';
import { MessageDetailDto, MessagePageDto } from './dto/message.dto.js';
import {
  DETAIL_INCLUDES,
  MESSAGE_LIMIT,
  parseDetailQuery,
  parseMessageQuery,
} from './messages.requests.js';
import { MessagesService } from './messages.service.js';

/** The message store, for operators (sre-operator) and PHI readers (phi-reader). */
@ApiTags('messages')
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @Authorize(['sre-operator', 'phi-reader'])
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
  // Asked for, the raw payload makes the call a PHI read in the audit trail, refused or answered.
  @Authorize(['sre-operator', 'phi-reader'], {
    phi: (request) => request.query['include'] === 'rawPayload',
  })
  @ApiOperation({
    summary:
      'One inbound message with the answer given; its raw payload (PHI) with include=rawPayload',
    description:
      "The raw payload is PHI: include=rawPayload takes the role phi-reader besides the route's (403 without it) and is audited as a PHI read, refused or not. Null once purged (payloadPurgedAt, MESSAGE_RETENTION_DAYS).",
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiQuery({ name: 'include', required: false, enum: DETAIL_INCLUDES })
  @ApiOkResponse({ type: MessageDetailDto })
  @ApiProblemResponse(HttpStatus.BAD_REQUEST, 'The id is not a UUID, or an unknown parameter')
  @ApiProblemResponse(
    HttpStatus.FORBIDDEN,
    'The token has neither sre-operator nor phi-reader, or asks include=rawPayload without phi-reader',
  )
  @ApiProblemResponse(HttpStatus.NOT_FOUND, 'No such message')
  async get(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @CurrentCaller() caller: Caller,
    @Audit() audit: AuditNote,
  ): Promise<MessageDetailDto> {
    const options = parseDetailQuery(query);
    if (options.rawPayload) requireRole(caller, PHI_READER, 'the raw payload');
    return keyed(audit, await this.messages.get(requireUuid('id', id), options));
  }

  @Post(':id/reprocess')
  @Authorize(['sre-operator'])
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
  async reprocess(@Param('id') id: string, @Audit() audit: AuditNote): Promise<MessageDetailDto> {
    return keyed(audit, await this.messages.reprocess(requireUuid('id', id)));
  }
}

/** The message's encounter id, when it was read that far, keys the call's audit record. */
function keyed(audit: AuditNote, message: MessageDetailDto): MessageDetailDto {
  if (message.encounterId) audit.businessKey = message.encounterId;
  return message;
}
