import { Controller, Get, Param } from '@nestjs/common';
import { Authorize, InvalidRequestException } from '@meridian/service-kit';
import { isTraceId } from './trace-view.js';
import type { TraceView } from './trace-view.js';
import { TracesService } from './traces.service.js';

@Authorize(['sre-operator', 'admin'])
@Controller('traces')
export class TracesController {
  constructor(private readonly traces: TracesService) {}

  /** `GET /traces/:traceId`: the trace's spans from Jaeger, parent first, with their services. */
  @Get(':traceId')
  trace(@Param('traceId') traceId: string): Promise<TraceView> {
    if (!isTraceId(traceId))
      throw new InvalidRequestException([
        { field: 'traceId', message: 'must be 32 lowercase hex digits, not all zero' },
      ]);
    return this.traces.trace(traceId);
  }
}
