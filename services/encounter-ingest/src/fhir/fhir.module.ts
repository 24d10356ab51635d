import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { FhirController } from './fhir.controller.js';
import { FhirWrites } from './fhir-writes.service.js';

/**
 * The FHIR R4 endpoint: metadata, Encounter create and update, batch and transaction, subscription
 * notifications (bodies are read by `readFhirBody`, registered in main.ts).
 */
@Module({
  imports: [IngestModule],
  controllers: [FhirController],
  providers: [FhirWrites],
})
export class FhirModule {}
