import { Module } from '@nestjs/common';
import { MessageStore } from '../messages/message-store.js';
import { EncounterPublisher } from './encounter-publisher.js';
import { IngestService } from './ingest.service.js';
import { ProtocolCodecs } from './protocol-codecs.js';

/** The pipeline every edge (MLLP, FHIR, reprocess) shares, with the store and the publisher. */
@Module({
  providers: [IngestService, MessageStore, EncounterPublisher, ProtocolCodecs],
  exports: [IngestService, MessageStore, ProtocolCodecs],
})
export class IngestModule {}
