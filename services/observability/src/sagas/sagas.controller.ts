import { Controller, Get, Param, Query } from '@nestjs/common';
import { SagaStatus_SYMBOLS } from '@meridian/contracts';
import { Authorize, PAGE_LIMIT, QueryParams, requireUuid } from '@meridian/service-kit';
import { ISO_DURATION_MESSAGE, parseIsoDuration } from '../http/iso-duration.js';
import { SagasService } from './sagas.service.js';
import type { SagaDetail, SagaSummary } from './sagas.service.js';

@Authorize(['sre-operator', 'admin'])
@Controller('sagas')
export class SagasController {
  constructor(private readonly sagas: SagasService) {}

  /** `GET /sagas?businessKey=&type=&status=&limit=`: most recently moved first. */
  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<{ items: SagaSummary[] }> {
    const params = new QueryParams(query, ['businessKey', 'type', 'status', 'limit']);
    const filter = {
      businessKey: params.text('businessKey'),
      type: params.text('type'),
      status: params.oneOf('status', SagaStatus_SYMBOLS),
      limit: params.integer('limit', PAGE_LIMIT),
    };
    params.done();
    return { items: await this.sagas.list(filter) };
  }

  /**
   * `GET /sagas/stuck?olderThan=PT5M&type=`: unfinished sagas past their step's expected time
   * (`stepExpectedBy`) whose last transition is older than `olderThan` (default PT0S).
   */
  @Get('stuck')
  async stuck(@Query() query: Record<string, unknown>): Promise<{ items: SagaSummary[] }> {
    const params = new QueryParams(query, ['olderThan', 'type']);
    const olderThanMs = params.parsed('olderThan', parseIsoDuration, ISO_DURATION_MESSAGE) ?? 0;
    const type = params.text('type');
    params.done();
    return { items: await this.sagas.stuck(olderThanMs, type) };
  }

  /** `GET /sagas/:id`: the saga, its timeline (every transition) and its human tasks. */
  @Get(':id')
  detail(@Param('id') id: string): Promise<SagaDetail> {
    return this.sagas.detail(requireUuid('id', id));
  }
}
