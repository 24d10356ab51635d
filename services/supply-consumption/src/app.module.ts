import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { Topics } from '@meridian/contracts';
import { allRecords, ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import type { AppConfig } from './config/app.config.js';
import { SUPPLY_ENTITIES, SUPPLY_MIGRATIONS } from './database/migrations.js';
import { FhirModule } from './fhir/fhir.module.js';
import { ImplantCommandsModule } from './implants/implant-commands.module.js';
import { ImplantsModule } from './implants/implants.module.js';
import { ItemsModule } from './items/items.module.js';
import { RecallsModule } from './recalls/recalls.module.js';
import { ReconciliationModule } from './reconciliation/reconciliation.module.js';
import { ReplenishmentModule } from './replenishment/replenishment.module.js';
import { ConsignmentStockModule } from './stock/consignment-stock.module.js';
import { UsageModule } from './usage/usage.module.js';

@Module({})
export class AppModule {
  static register(runtime: ServiceRuntime<AppConfig>): DynamicModule {
    return ServiceKitModule.forService(AppModule, runtime, {
      database: { entities: SUPPLY_ENTITIES, migrations: SUPPLY_MIGRATIONS },
      messaging: {
        answers: Topics.SupplyConsumptionCommandsV1,
        produces: allRecords(Topics.SupplyUsageV1, Topics.SupplyReplenishmentV1),
      },
      features: [
        ItemsModule,
        UsageModule,
        ReconciliationModule,
        RecallsModule,
        ImplantsModule,
        FhirModule,
        ConsignmentStockModule,
        ReplenishmentModule,
        ImplantCommandsModule,
      ],
    });
  }
}
