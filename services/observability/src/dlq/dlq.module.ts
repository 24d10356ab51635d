import { Module } from '@nestjs/common';
import { KafkaModule } from '../kafka/kafka.module.js';
import { DlqReader } from './dlq-reader.js';
import { DlqRetention } from './dlq-retention.js';
import { DlqController } from './dlq.controller.js';
import { DlqService } from './dlq.service.js';
import { DlqStore } from './dlq.store.js';
import { WriterSchemas } from './writer-schemas.js';

/**
 * Dead letters of every consumer group: read from `*.dlq`, listed, replayed and parked; their
 * payloads purged after DLQ_RETENTION_DAYS.
 */
@Module({
  imports: [KafkaModule],
  controllers: [DlqController],
  providers: [DlqReader, DlqRetention, DlqStore, DlqService, WriterSchemas],
  exports: [DlqStore],
})
export class DlqModule {}
