import { Module } from '@nestjs/common';
import { ObservabilityMetricsModule } from '../metrics/observability-metrics.module.js';
import { SloController } from '../slo/slo.controller.js';
import { SloService } from '../slo/slo.service.js';
import { SagaLifecycleController } from './saga-lifecycle.controller.js';
import { SagasController } from './sagas.controller.js';
import { SagasService } from './sagas.service.js';

/** The saga read model: saga.lifecycle.v1 in, `/sagas`, `/sagas/stuck`, `/sagas/:id` and `/slo` out. */
@Module({
  imports: [ObservabilityMetricsModule],
  controllers: [SagaLifecycleController, SagasController, SloController],
  providers: [SagasService, SloService],
  exports: [SagasService],
})
export class SagasModule {}
