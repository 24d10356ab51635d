import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { FhirController } from './fhir.controller.js';

/** `POST /fhir/Encounter` (its body is read by `readFhirBody`, registered in main.ts). */
@Module({
  imports: [IngestModule],
  controllers: [FhirController],
})
export class FhirModule {}
