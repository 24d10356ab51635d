import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { Authorize, SERVICE_CONFIG } from '@meridian/service-kit';
import type { AppConfig } from '../config/app.config.js';
import { actor, mayReadPhi } from '../http/caller.js';
import {
  parseBulkReplayBody,
  parseDlqId,
  parseDlqListQuery,
  parseParkBody,
  parseReplayBody,
} from './dlq-requests.js';
import { DlqService } from './dlq.service.js';
import type { DlqEntry } from './dlq.service.js';

type RequestHeaders = Record<string, string | string[] | undefined>;

/**
 * Dead letters of every consumer group: list, detail, replay (one, or every OPEN one matching a
 * filter) and park. Payloads are decoded with their writer schema; fields tagged PHI are masked
 * unless the caller may read PHI (see `mayReadPhi`).
 */
@Authorize(['sre-operator'])
@Controller('dlq')
export class DlqController {
  constructor(
    private readonly dlq: DlqService,
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `GET /dlq?group=&errorClass=&topic=&since=&status=&cursor=&limit=`: newest first. */
  @Get()
  list(
    @Query() query: Record<string, unknown>,
    @Headers() headers: RequestHeaders,
  ): Promise<{ items: DlqEntry[]; nextCursor: string | null }> {
    return this.dlq.list(
      parseDlqListQuery(query),
      mayReadPhi(headers, this.config.trustRoleHeader),
    );
  }

  /** `POST /dlq/replay` `{ filter, dryRun, by? }`: `{ matched, replayed }`. */
  @Post('replay')
  @HttpCode(HttpStatus.OK)
  replayMatching(
    @Body() body: unknown,
    @Headers() headers: RequestHeaders,
  ): Promise<{ matched: number; replayed: number }> {
    const request = parseBulkReplayBody(body);
    return this.dlq.replayMatching(request, actor(request.by, headers));
  }

  @Get(':id')
  get(@Param('id') id: string, @Headers() headers: RequestHeaders): Promise<DlqEntry> {
    return this.dlq.get(parseDlqId(id), mayReadPhi(headers, this.config.trustRoleHeader));
  }

  /** `POST /dlq/:id/replay` `{ by? }`: to `<group>.retry.1`; the entry with the replay recorded. */
  @Post(':id/replay')
  @HttpCode(HttpStatus.OK)
  replay(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers() headers: RequestHeaders,
  ): Promise<DlqEntry> {
    const dlqId = parseDlqId(id);
    return this.dlq.replay(dlqId, actor(parseReplayBody(body).by, headers));
  }

  /** `POST /dlq/:id/park` `{ reason, by? }`: PARKED, left out of bulk replays and the depth. */
  @Post(':id/park')
  @HttpCode(HttpStatus.OK)
  park(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers() headers: RequestHeaders,
  ): Promise<DlqEntry> {
    const dlqId = parseDlqId(id);
    const { reason, by } = parseParkBody(body);
    return this.dlq.park(dlqId, reason, actor(by, headers));
  }
}
