import type {
  RecordContract,
  RecordOf,
  TopicContract,
  TopicRecordContract,
} from '@meridian/contracts';
import { context } from '@opentelemetry/api';
import type { DataSource, EntityManager } from 'typeorm';
import type { Causation, Draft } from '../envelope.js';
import {
  sendTraced,
  type OutgoingMessage,
  type PublishOptions,
} from '../producer/outgoing-message.js';
import type { AvroSerde } from '../serde/avro-serde.js';
import { OUTBOX_CHANNEL } from './outbox.listener.js';

const COLUMNS = 6;

/**
 * The rows, in order (their ids, the relay's sending order, follow the VALUES list), and in the
 * same statement (no extra round trip) a notification every relay listening on this database
 * receives when the transaction commits (nothing if it rolls back; one per transaction however
 * many rows it writes).
 */
function writeRows(count: number): string {
  const rows = Array.from({ length: count }, (_, row) => {
    const first = row * COLUMNS + 1;
    return `(${Array.from({ length: COLUMNS }, (_, column) => `$${first + column}`).join(', ')})`;
  });
  return `
  WITH written AS (
    INSERT INTO messaging_outbox (message_id, topic, key, value, headers, record_name)
    VALUES ${rows.join(', ')} RETURNING id)
  SELECT pg_notify('${OUTBOX_CHANNEL}', '') WHERE EXISTS (SELECT FROM written)`;
}

/** One message for `publishAll`: what `publish` takes, its draft checked by `outboxItem`. */
export interface OutboxItem {
  readonly topic: TopicContract<unknown>;
  readonly contract: RecordContract<unknown>;
  readonly draft: unknown;
  readonly options: PublishOptions;
}

/** A message for `publishAll`, its draft typed by its record contract like `publish`'s. */
export function outboxItem<C extends TopicContract<unknown>, K extends TopicRecordContract<C>>(
  topic: C,
  contract: K,
  draft: Draft<RecordOf<K>>,
  options: PublishOptions,
): OutboxItem {
  return { topic, contract, draft, options };
}

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

  /** Writes one message; its message id. */
  async publish<C extends TopicContract<unknown>, K extends TopicRecordContract<C>>(
    manager: EntityManager,
    topic: C,
    contract: K,
    draft: Draft<RecordOf<K>>,
    options: PublishOptions,
    cause?: Causation,
  ): Promise<string> {
    const [messageId] = await this.publishAll(
      manager,
      [outboxItem(topic, contract, draft, options)],
      cause,
    );
    return messageId as string;
  }

  /**
   * Writes `items` in one statement, in order (each topic receives them in that order); their
   * message ids, in order. Each is built in a send span of its own (siblings under the caller's
   * span), all left open until the rows are written, so each covers its write and records its
   * failure.
   */
  async publishAll(
    manager: EntityManager,
    items: readonly OutboxItem[],
    cause?: Causation,
  ): Promise<string[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('outbox publish needs the EntityManager of an open transaction');
    }
    const parent = context.active();
    const messages: OutgoingMessage[] = [];
    const build = async (index: number): Promise<void> => {
      const item = items[index];
      if (!item) return write(manager, messages);
      await context.with(parent, () =>
        sendTraced(this.deps, item.topic, item.contract, item.draft, item.options, cause, (m) => {
          messages.push(m);
          return build(index + 1);
        }),
      );
    };
    if (items.length > 0) await build(0);
    return messages.map((message) => message.messageId);
  }

  /**
   * Tells this process' relay there is work (after the surrounding transaction committed), which
   * saves the round trip of the notification every commit sends anyway.
   */
  nudge(): void {
    this.deps.onWritten?.();
  }
}

async function write(manager: EntityManager, messages: readonly OutgoingMessage[]): Promise<void> {
  await manager.query(
    writeRows(messages.length),
    messages.flatMap((message) => [
      message.messageId,
      message.topic,
      message.key,
      message.value,
      JSON.stringify(message.headers),
      message.recordName,
    ]),
  );
}
