import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { MllpMessageHandler } from './mllp-message.handler.js';
import { MllpServer } from './mllp.server.js';

/** HL7 v2 over MLLP: the listener and what answers its frames. */
@Module({
  imports: [IngestModule],
  providers: [MllpServer, MllpMessageHandler],
})
export class MllpModule {}
