import { Module } from '@nestjs/common';
import { TracesController } from './traces.controller.js';
import { TracesService } from './traces.service.js';

/** `/traces/:traceId`: a saga's trace read from Jaeger's query API, for the dashboard. */
@Module({ controllers: [TracesController], providers: [TracesService] })
export class TracesModule {}
