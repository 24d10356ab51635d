import type { RecordOf, TopicContract, TopicRecordContract } from '@meridian/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { Causation, Draft } from '../envelope.js';
import { sendTraced, type PublishOptions } from '../producer/outgoing-message.js';
import type { AvroSerde } from '../serde/avro-serde.js';
import { OutboxMessage } from './outbox-message.entity.js';

/** Publishes through the outbox of one open transaction (bound to its EntityManager). */
export type OutboxPublish = <C extends TopicContract<unknown>, K extends TopicRecordContract<C>>(
  topic: C,
  contract: K,
  draft: Draft<RecordOf<K>>,
  options: PublishOptions,
) => Promise<string>;

/**
 * Writes a message into the outbox through the caller's transaction, so it commits (or not)
 * together with the state change; the relay sends it afterwards.
 */
export class OutboxWriter {
  constructor(
    private readonly deps: {
      serde: AvroSerde;
      source: string;
      onWritten?: () => void;
      /** The database of `transaction` (the service's). */
      dataSource?: DataSource;
    },
  ) {}

  /**
   * Runs `work` in one transaction of the service's database, where what it publishes goes to the
   * outbox: the messages commit (or not) with its state change, and the relay is nudged once it
   * committed. Resolves with what `work` resolves with.
   */
  async transaction<T>(
    work: (manager: EntityManager, publish: OutboxPublish) => Promise<T>,
  ): Promise<T> {
    const { dataSource } = this.deps;
    if (!dataSource)
      throw new Error('an outbox transaction needs a dataSource in the messaging options');
    const result = await dataSource.transaction((manager) =>
      work(manager, (topic, contract, draft, options) =>
        this.publish(manager, topic, contract, draft, options),
      ),
    );
    this.nudge();
    return result;
  }

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
