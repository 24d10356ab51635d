import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { MessageRetention } from './message-retention.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';

/**
 * `/messages`: the message store for operators (list, look inside, reprocess), and the purge of
 * raw payloads after MESSAGE_RETENTION_DAYS.
 */
@Module({
  imports: [IngestModule],
  controllers: [MessagesController],
  providers: [MessagesService, MessageRetention],
})
export class MessagesModule {}
