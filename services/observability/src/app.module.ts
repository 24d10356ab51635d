import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { Topics } from '@meridian/contracts';
import { ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import type { AppConfig } from './config/app.config.js';
import { AuditModule } from './audit/audit.module.js';
import { OBSERVABILITY_MIGRATIONS } from './database/migrations.js';
import { ConsumerLagModule } from './lag/consumer-lag.module.js';
import { DlqModule } from './dlq/dlq.module.js';
import { ScrapeGaugesModule } from './metrics/scrape-gauges.js';
import { SagasModule } from './sagas/sagas.module.js';
import { SloModule } from './slo/slo.module.js';
import { TracesModule } from './traces/traces.module.js';
import { UiModule } from './ui/ui.module.js';

@Module({})
export class AppModule {
  static register(runtime: ServiceRuntime<AppConfig>): DynamicModule {
    return ServiceKitModule.forService(AppModule, runtime, {
      database: { migrations: OBSERVABILITY_MIGRATIONS },
      messaging: {
        produces: [],
        consumedTopics: [Topics.SagaLifecycleV1, Topics.AuditV1],
      },
      features: [
        SagasModule,
        AuditModule,
        SloModule,
        DlqModule,
        ConsumerLagModule,
        ScrapeGaugesModule,
        TracesModule,
        UiModule,
      ],
    });
  }
}
