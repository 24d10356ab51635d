import type { RecordOf, TopicContract, TopicRecordContract } from '@meridian/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { Causation, Draft } from '../envelope.js';
import { sendTraced, type PublishOptions } from '../producer/outgoing-message.js';
import type { AvroSerde } from '../serde/avro-serde.js';
import { OUTBOX_CHANNEL } from './outbox.listener.js';

/**
 * The row and, in the same statement (no extra round trip), a notification every relay listening
 * on this database receives when the transaction commits (nothing if it rolls back; one per
 * transaction however many rows it writes).
 */
const WRITE_ROW = `
  WITH written AS (
    INSERT INTO messaging_outbox (message_id, topic, key, value, headers, record_name)
    VALUES ($1, $2, $3, $4, $5, $6) RETURNING id)
  SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM written`;

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
      await manager.query(WRITE_ROW, [
        message.messageId,
        message.topic,
        message.key,
        message.value,
        JSON.stringify(message.headers),
        message.recordName,
      ]);
      return message.messageId;
    });
  }

  /**
   * Tells this process' relay there is work (after the surrounding transaction committed), which
   * saves the round trip of the notification every commit sends anyway.
   */
  nudge(): void {
    this.deps.onWritten?.();
  }
}
