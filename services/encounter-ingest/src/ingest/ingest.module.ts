import { Module } from '@nestjs/common';
import { MessageStore } from '../messages/message-store.js';
import { IngestService } from './ingest.service.js';
import { ProtocolCodecs } from './protocol-codecs.js';

/** The pipeline every edge (MLLP, FHIR, reprocess) shares, with the message store. */
@Module({
  providers: [IngestService, MessageStore, ProtocolCodecs],
  exports: [IngestService, MessageStore, ProtocolCodecs],
})
export class IngestModule {}
