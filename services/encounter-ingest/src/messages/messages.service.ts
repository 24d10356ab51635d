import { Injectable } from '@nestjs/common';
import { MessageNotFoundError } from '../ingest/ingest.errors.js';
import { IngestService } from '../ingest/ingest.service.js';
import { toDetailDto, toSummaryDto } from './dto/message.dto.js';
import type { DetailOptions, MessageDetailDto, MessagePageDto } from './dto/message.dto.js';
import { MessageStore } from './message-store.js';
import type { MessageFilter } from './message-store.js';

/** The message store as operators see it, and reprocessing. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly store: MessageStore,
    private readonly ingest: IngestService,
  ) {}

  async list(filter: MessageFilter): Promise<MessagePageDto> {
    return { items: (await this.store.list(filter)).map(toSummaryDto) };
  }

  async get(id: string, options: DetailOptions): Promise<MessageDetailDto> {
    const message = await this.store.find(id);
    if (!message) throw new MessageNotFoundError(id);
    return toDetailDto(message, options);
  }

  /** Answers the message as it is now, without its raw payload. */
  async reprocess(id: string): Promise<MessageDetailDto> {
    return toDetailDto(await this.ingest.reprocess(id), { rawPayload: false });
  }
}
