import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceKitModule } from '@meridian/service-kit';
import type { ServiceRuntime } from '@meridian/service-kit';
import { AppLoggerModule } from './app.logger.js';
import { SERVICE } from './config/app.config.js';
import type { AppConfig } from './config/app.config.js';
import { FhirModule } from './fhir/fhir.module.js';
import { INGEST_ERROR_MAPPINGS } from './ingest/ingest.errors.js';
import { InboundMessage } from './messages/inbound-message.entity.js';
import { MessageStore1795320000000 } from './messages/message-store.migration.js';
import { MessagesModule } from './messages/messages.module.js';
import { MllpModule } from './mllp/mllp.module.js';

/**
 * HL7 v2 ADT over MLLP and FHIR R4 Encounter over HTTP in, canonical encounter events out.
 * Kafka is not the kit's `messaging` (that needs consumers, and this service consumes nothing):
 * the ingest module's EncounterPublisher publishes directly.
 */
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
          database: { entities: [InboundMessage], migrations: [MessageStore1795320000000] },
          errors: INGEST_ERROR_MAPPINGS,
        }),
        AppLoggerModule.register(runtime.logger),
        MllpModule,
        FhirModule,
        MessagesModule,
      ],
    };
  }
}
