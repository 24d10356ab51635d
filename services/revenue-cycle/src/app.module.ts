import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { Topics } from '@meridian/contracts';
import { allRecords, ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import { ChargemasterModule } from './chargemaster/chargemaster.module.js';
import { ChargesModule } from './charges/charges.module.js';
import { ClaimsModule } from './claims/claims.module.js';
import { CodingModule } from './coding/coding.module.js';
import type { AppConfig } from './config/app.config.js';
import { REVENUE_ENTITIES, REVENUE_MIGRATIONS } from './database/migrations.js';
import { PayersModule } from './payers/payers.module.js';

@Module({})
export class AppModule {
  static register(runtime: ServiceRuntime<AppConfig>): DynamicModule {
    return ServiceKitModule.forService(AppModule, runtime, {
      database: { entities: REVENUE_ENTITIES, migrations: REVENUE_MIGRATIONS },
      messaging: {
        answers: Topics.RevenueCycleCommandsV1,
        produces: allRecords(Topics.RevenueChargeV1, Topics.RevenueClaimV1, Topics.RevenueCodingV1),
        consumedTopics: [Topics.SupplyUsageV1],
      },
      features: [ChargemasterModule, ChargesModule, CodingModule, ClaimsModule, PayersModule],
    });
  }
}
