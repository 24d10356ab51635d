import { Injectable, Logger, Module } from '@nestjs/common';
import { DlqModule } from '../dlq/dlq.module.js';
import { DlqStore } from '../dlq/dlq.store.js';
import { ConsumerLagModule } from '../lag/consumer-lag.module.js';
import { ConsumerLagService } from '../lag/consumer-lag.service.js';
import { SagasModule } from '../sagas/sagas.module.js';
import { SagasService } from '../sagas/sagas.service.js';
import { ObservabilityMetricsModule } from './observability-metrics.module.js';
import { ObservabilityMetrics } from './observability-metrics.js';

/** Registers the gauges read at scrape time: stuck sagas, open tasks, DLQ depth, consumer lag. */
@Injectable()
export class ScrapeGauges {
  private readonly logger = new Logger(ScrapeGauges.name);

  constructor(
    metrics: ObservabilityMetrics,
    sagas: SagasService,
    dlq: DlqStore,
    lag: ConsumerLagService,
  ) {
    metrics.gauges(
      {
        stuckSagas: () => sagas.stuckCounts(),
        openHumanTasks: () => sagas.openTasks(),
        dlqDepth: () => dlq.depth(),
        consumerLag: () => lag.byTopic(),
      },
      (gauge, error) => this.logger.warn(`${gauge} not refreshed: ${(error as Error).message}`),
    );
  }
}

@Module({
  imports: [ObservabilityMetricsModule, SagasModule, DlqModule, ConsumerLagModule],
  providers: [ScrapeGauges],
})
export class ScrapeGaugesModule {}
