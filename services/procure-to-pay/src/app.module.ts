import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { Topics } from '@meridian/contracts';
import { allRecords, ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import type { AppConfig } from './config/app.config.js';
import { LEDGER_ENTITIES, LEDGER_MIGRATIONS, LedgerModule } from './ledger/ledger.module.js';
import {
  PURCHASING_ENTITIES,
  PURCHASING_MIGRATIONS,
  PurchasingModule,
} from './purchasing/purchasing.module.js';

@Module({})
export class AppModule {
  static register(runtime: ServiceRuntime<AppConfig>): DynamicModule {
    return ServiceKitModule.forService(AppModule, runtime, {
      database: {
        entities: [...LEDGER_ENTITIES, ...PURCHASING_ENTITIES],
        migrations: [...LEDGER_MIGRATIONS, ...PURCHASING_MIGRATIONS],
      },
      messaging: {
        answers: Topics.ProcureToPayCommandsV1,
        produces: allRecords(Topics.P2pJournalV1, Topics.P2pPurchaseOrderV1, Topics.P2pInvoiceV1),
      },
      features: [LedgerModule, PurchasingModule],
    });
  }
}
