import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { actorOf, Authorize, CurrentCaller, PHI_READER, requireRole } from '@meridian/service-kit';
import type { Caller } from '@meridian/service-kit';
import {
  parseBulkReplayBody,
  parseDlqEntryQuery,
  parseDlqId,
  parseDlqListQuery,
  parseParkBody,
  parseReplayBody,
} from './dlq-requests.js';
import { DlqService } from './dlq.service.js';
import type { DlqEntry, DlqEntryWithPayload } from './dlq.service.js';

/**
 * Dead letters of every consumer group, for sre-operator: list, detail, replay (one, or every
 * OPEN one matching a filter) and park. The decoded payload is PHI: only `GET /dlq/:id?include=payload`
 * answers it, to a caller who also holds phi-reader (else 403), audited as a PHI read.
 */
@Authorize(['sre-operator'])
@Controller('dlq')
export class DlqController {
  constructor(private readonly dlq: DlqService) {}

  /** `GET /dlq?group=&errorClass=&topic=&since=&status=&cursor=&limit=`: newest first, no payloads. */
  @Get()
  list(
    @Query() query: Record<string, unknown>,
  ): Promise<{ items: DlqEntry[]; nextCursor: string | null }> {
    return this.dlq.list(parseDlqListQuery(query));
  }

  /** `POST /dlq/replay` `{ filter, dryRun }`: `{ matched, replayed }`. */
  @Post('replay')
  @HttpCode(HttpStatus.OK)
  replayMatching(
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
  ): Promise<{ matched: number; replayed: number }> {
    return this.dlq.replayMatching(parseBulkReplayBody(body), actorOf(caller));
  }

  /**
   * `GET /dlq/:id[?include=payload]`: the entry; its decoded payload only for a phi-reader. Asked
   * for, the payload makes the call a PHI read in the audit trail, refused or answered.
   */
  @Get(':id')
  @Authorize(['sre-operator'], { phi: (request) => request.query['include'] === 'payload' })
  async get(
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @CurrentCaller() caller: Caller,
  ): Promise<DlqEntry | DlqEntryWithPayload> {
    const dlqId = parseDlqId(id);
    if (!parseDlqEntryQuery(query).payload) return this.dlq.get(dlqId);
    requireRole(caller, PHI_READER, "a dead letter's payload");
    return this.dlq.getWithPayload(dlqId);
  }

  /** `POST /dlq/:id/replay`: to `<group>.retry.1`; the entry with the replay recorded. */
  @Post(':id/replay')
  @HttpCode(HttpStatus.OK)
  replay(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
  ): Promise<DlqEntry> {
    const dlqId = parseDlqId(id);
    parseReplayBody(body);
    return this.dlq.replay(dlqId, actorOf(caller));
  }

  /** `POST /dlq/:id/park` `{ reason }`: PARKED, left out of bulk replays and the depth. */
  @Post(':id/park')
  @HttpCode(HttpStatus.OK)
  park(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentCaller() caller: Caller,
  ): Promise<DlqEntry> {
    const dlqId = parseDlqId(id);
    return this.dlq.park(dlqId, parseParkBody(body).reason, actorOf(caller));
  }
}
