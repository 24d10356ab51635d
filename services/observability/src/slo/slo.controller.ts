import { Controller, Get, Query } from '@nestjs/common';
import { Authorize, QueryParams } from '@meridian/service-kit';
import { ISO_DURATION_MESSAGE, parseIsoDuration } from '../http/iso-duration.js';
import { SloService } from './slo.service.js';
import type { SagaTypeSlo } from './slo.service.js';

@Authorize(['sre-operator', 'admin'])
@Controller('slo')
export class SloController {
  constructor(private readonly slo: SloService) {}

  /** `GET /slo?window=PT1H&type=`: p50/p95/p99 per saga type and step over the window (default PT1H). */
  @Get()
  async get(@Query() query: Record<string, unknown>): Promise<{ items: SagaTypeSlo[] }> {
    const params = new QueryParams(query, ['window', 'type']);
    const windowMs = params.parsed('window', parseIsoDuration, ISO_DURATION_MESSAGE) ?? 3_600_000;
    const type = params.text('type');
    params.done();
    return { items: await this.slo.slo(windowMs, type) };
  }
}
