import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';

/** `/messages`: the message store for operators (list, look inside, reprocess). */
@Module({
  imports: [IngestModule],
  controllers: [MessagesController],
  providers: [MessagesService],
})
export class MessagesModule {}
