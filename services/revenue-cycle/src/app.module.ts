import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import {
  ChargesFinalized,
  ChargesReversed,
  ClaimSubmitted,
  ClaimVoided,
  CompleteCodingReply,
  EncounterCoded,
  FinalizeChargesReply,
  ImplantChargePosted,
  ImplantChargeReversed,
  PostImplantChargeReply,
  ReverseChargesReply,
  ReverseImplantChargeReply,
  SubmitClaimReply,
  Topics,
  VoidClaimReply,
} from '@meridian/contracts';
import { ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import { ChargemasterModule } from './chargemaster/chargemaster.module.js';
import { ChargesModule } from './charges/charges.module.js';
import { ClaimsModule } from './claims/claims.module.js';
import { CodingModule } from './coding/coding.module.js';
import { SERVICE } from './config/app.config.js';
import type { AppConfig } from './config/app.config.js';
import { REVENUE_ENTITIES, REVENUE_MIGRATIONS } from './database/migrations.js';
import { PayersModule } from './payers/payers.module.js';

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
          database: { entities: REVENUE_ENTITIES, migrations: REVENUE_MIGRATIONS },
          messaging: {
            logger: runtime.logger,
            produces: [
              {
                topic: Topics.SagaRepliesV1,
                records: [
                  FinalizeChargesReply,
                  ReverseChargesReply,
                  CompleteCodingReply,
                  SubmitClaimReply,
                  VoidClaimReply,
                  PostImplantChargeReply,
                  ReverseImplantChargeReply,
                ],
              },
              {
                topic: Topics.RevenueChargeV1,
                records: [
                  ChargesFinalized,
                  ChargesReversed,
                  ImplantChargePosted,
                  ImplantChargeReversed,
                ],
              },
              { topic: Topics.RevenueClaimV1, records: [ClaimSubmitted, ClaimVoided] },
              { topic: Topics.RevenueCodingV1, records: [EncounterCoded] },
            ],
            consumedTopics: [Topics.RevenueCycleCommandsV1, Topics.SupplyUsageV1],
          },
        }),
        ChargemasterModule,
        ChargesModule,
        CodingModule,
        ClaimsModule,
        PayersModule,
      ],
    };
  }
}
