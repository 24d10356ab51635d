import { Module } from '@nestjs/common';
import { ObservabilityMetricsModule } from '../metrics/observability-metrics.module.js';
import { SagaLifecycleController } from './saga-lifecycle.controller.js';
import { SagasController } from './sagas.controller.js';
import { SagasService } from './sagas.service.js';

/** The saga read model: saga.lifecycle.v1 in, `/sagas`, `/sagas/stuck` and `/sagas/:id` out. */
@Module({
  imports: [ObservabilityMetricsModule],
  controllers: [SagaLifecycleController, SagasController],
  providers: [SagasService],
  exports: [SagasService],
})
export class SagasModule {}
