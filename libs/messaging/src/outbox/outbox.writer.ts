import type { RecordOf, TopicContract, TopicRecordContract } from '@meridian/contracts';
import type { EntityManager } from 'typeorm';
import type { Causation, Draft } from '../envelope.js';
import { sendTraced, type PublishOptions } from '../producer/outgoing-message.js';
import type { AvroSerde } from '../serde/avro-serde.js';
import { OutboxMessage } from './outbox-message.entity.js';

/**
 * Writes a message into the outbox through the caller's transaction, so it commits (or not)
 * together with the state change; the relay sends it afterwards.
 */
export class OutboxWriter {
  constructor(
    private readonly deps: { serde: AvroSerde; source: string; onWritten?: () => void },
  ) {}

  async publish<C extends TopicContract<unknown>, K extends TopicRecordContract<C>>(
    manager: EntityManager,
    topic: C,
    contract: K,
    draft: Draft<RecordOf<K>>,
    options: PublishOptions,
    cause?: Causation,
  ): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('outbox publish needs the EntityManager of an open transaction');
    }
    return sendTraced(this.deps, topic, contract, draft, options, cause, async (message) => {
      await manager.insert(OutboxMessage, {
        messageId: message.messageId,
        topic: message.topic,
        key: message.key,
        value: message.value,
        headers: message.headers,
        recordName: message.recordName,
        publishedAt: null,
      });
      return message.messageId;
    });
  }

  /** Tells the relay there is work (after the surrounding transaction committed). */
  nudge(): void {
    this.deps.onWritten?.();
  }
}
