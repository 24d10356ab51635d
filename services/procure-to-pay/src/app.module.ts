import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import {
  JournalPosted,
  JournalReversed,
  PostRevenueJournalReply,
  ReverseJournalReply,
  Topics,
} from '@meridian/contracts';
import { ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import { SERVICE } from './config/app.config.js';
import type { AppConfig } from './config/app.config.js';
import { LEDGER_ENTITIES, LEDGER_MIGRATIONS, LedgerModule } from './ledger/ledger.module.js';

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
          database: { entities: LEDGER_ENTITIES, migrations: LEDGER_MIGRATIONS },
          messaging: {
            logger: runtime.logger,
            produces: [
              {
                topic: Topics.SagaRepliesV1,
                records: [PostRevenueJournalReply, ReverseJournalReply],
              },
              { topic: Topics.P2pJournalV1, records: [JournalPosted, JournalReversed] },
            ],
            topics: [Topics.ProcureToPayCommandsV1, Topics.SagaRepliesV1, Topics.P2pJournalV1],
          },
        }),
        LedgerModule,
      ],
    };
  }
}
