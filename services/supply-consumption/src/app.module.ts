import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import {
  ConfirmImplantUsageReply,
  ImplantUsageReversed,
  ImplantUsed,
  ReconcileEncounterSuppliesReply,
  ReplenishmentRequested,
  RequestReplenishmentReply,
  ReverseImplantUsageReply,
  SupplyUsageVoided,
  SupplyUsed,
  Topics,
  UnreconcileEncounterSuppliesReply,
} from '@meridian/contracts';
import { ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import { SERVICE } from './config/app.config.js';
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
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.register({
          name: SERVICE,
          config: runtime.config,
          telemetry: runtime.telemetry,
          database: { entities: SUPPLY_ENTITIES, migrations: SUPPLY_MIGRATIONS },
          messaging: {
            logger: runtime.logger,
            produces: [
              {
                topic: Topics.SupplyUsageV1,
                records: [SupplyUsed, SupplyUsageVoided, ImplantUsed, ImplantUsageReversed],
              },
              {
                topic: Topics.SagaRepliesV1,
                records: [
                  ReconcileEncounterSuppliesReply,
                  UnreconcileEncounterSuppliesReply,
                  ConfirmImplantUsageReply,
                  ReverseImplantUsageReply,
                  RequestReplenishmentReply,
                ],
              },
              { topic: Topics.SupplyReplenishmentV1, records: [ReplenishmentRequested] },
            ],
            consumedTopics: [Topics.SupplyConsumptionCommandsV1],
          },
        }),
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
    };
  }
}
