import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import {
  ApproveInvoiceAndPostCostReply,
  CancelPurchaseOrderReply,
  CreateBillOnlyPurchaseOrderReply,
  InvoiceApprovedForPayment,
  InvoiceMatched,
  InvoiceMatchExceptionRaised,
  JournalPosted,
  JournalReversed,
  MatchSupplierInvoiceReply,
  PostRevenueJournalReply,
  PurchaseOrderCancelled,
  PurchaseOrderCreated,
  ReverseJournalReply,
  SupplierInvoiceReceived,
  SupplierInvoiceRejected,
  Topics,
} from '@meridian/contracts';
import { ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import { SERVICE } from './config/app.config.js';
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
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.register({
          name: SERVICE,
          config: runtime.config,
          telemetry: runtime.telemetry,
          database: {
            entities: [...LEDGER_ENTITIES, ...PURCHASING_ENTITIES],
            migrations: [...LEDGER_MIGRATIONS, ...PURCHASING_MIGRATIONS],
          },
          messaging: {
            logger: runtime.logger,
            produces: [
              {
                topic: Topics.SagaRepliesV1,
                records: [
                  PostRevenueJournalReply,
                  ReverseJournalReply,
                  CreateBillOnlyPurchaseOrderReply,
                  CancelPurchaseOrderReply,
                  MatchSupplierInvoiceReply,
                  ApproveInvoiceAndPostCostReply,
                ],
              },
              { topic: Topics.P2pJournalV1, records: [JournalPosted, JournalReversed] },
              {
                topic: Topics.P2pPurchaseOrderV1,
                records: [PurchaseOrderCreated, PurchaseOrderCancelled],
              },
              {
                topic: Topics.P2pInvoiceV1,
                records: [
                  SupplierInvoiceReceived,
                  InvoiceMatched,
                  InvoiceMatchExceptionRaised,
                  InvoiceApprovedForPayment,
                  SupplierInvoiceRejected,
                ],
              },
            ],
            consumedTopics: [Topics.ProcureToPayCommandsV1],
          },
        }),
        LedgerModule,
        PurchasingModule,
      ],
    };
  }
}
