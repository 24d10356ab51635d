import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { allRecords, ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import { AppLoggerModule } from './app.logger.js';
import type { AppConfig } from './config/app.config.js';
import { ENCOUNTER_TOPICS } from './encounters/encounter-events.js';
import { FhirModule } from './fhir/fhir.module.js';
import { INGEST_ERROR_MAPPINGS } from './ingest/ingest.errors.js';
import { InboundMessage } from './messages/inbound-message.entity.js';
import { MessageProcessingId1796600000000 } from './messages/message-processing-id.migration.js';
import { MessageReceiving1796500000000 } from './messages/message-receiving.migration.js';
import { MessageRetention1796700000000 } from './messages/message-retention.migration.js';
import { MessageStore1795320000000 } from './messages/message-store.migration.js';
import { MessagesModule } from './messages/messages.module.js';
import { MllpModule } from './mllp/mllp.module.js';

/**
 * HL7 v2 ADT over MLLP and FHIR R4 Encounter over HTTP in, canonical encounter events out (and,
 * with HL7_NON_PRODUCTION=publish, HL7 training and debugging ones on the non-production topic).
 * The service consumes nothing: while Kafka is unreachable it keeps storing messages (as FAILED).
 */
@Module({})
export class AppModule {
  static register(runtime: ServiceRuntime<AppConfig>): DynamicModule {
    const { production, nonProduction } = ENCOUNTER_TOPICS;
    const topics =
      runtime.config.nonProduction === 'publish' ? [production, nonProduction] : [production];
    return ServiceKitModule.forService(AppModule, runtime, {
      database: {
        entities: [InboundMessage],
        migrations: [
          MessageStore1795320000000,
          MessageReceiving1796500000000,
          MessageProcessingId1796600000000,
          MessageRetention1796700000000,
        ],
      },
      errors: INGEST_ERROR_MAPPINGS,
      messaging: {
        consumes: false,
        produces: allRecords(...topics),
      },
      features: [AppLoggerModule.register(runtime.logger), MllpModule, FhirModule, MessagesModule],
    });
  }
}
