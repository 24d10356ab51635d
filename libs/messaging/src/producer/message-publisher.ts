import type { RecordOf, TopicContract, TopicRecordContract } from '@meridian/contracts';
import { context, type Context } from '@opentelemetry/api';
import type { Message, Producer } from 'kafkajs';
import type { Causation, Draft } from '../envelope.js';
import type { AvroSerde } from '../serde/avro-serde.js';
import { sendTraced, type OutgoingMessage, type PublishOptions } from './outgoing-message.js';

export interface Published {
  readonly messageId: string;
  readonly partition: number;
  readonly offset: string;
}

/** One message of `publishAll`: what `publish` takes. */
export interface PublishItem<C extends TopicContract<unknown>, K extends TopicRecordContract<C>> {
  readonly topic: C;
  readonly contract: K;
  readonly draft: Draft<RecordOf<K>>;
  readonly options: PublishOptions;
  readonly cause?: Causation;
  /** The context its PRODUCER span is a child of (the request it came from); default: the active one. */
  readonly trace?: Context;
}

/** What became of one message of `publishAll`: in Kafka (its envelope's id), or why not. */
export type PublishOutcome =
  | { readonly ok: true; readonly messageId: string }
  | { readonly ok: false; readonly error: unknown };

/** A built message waiting for the produce request it goes in. */
interface Queued {
  readonly message: OutgoingMessage;
  readonly settle: (error?: unknown) => void;
}

/**
 * Publishes straight to Kafka (idempotent producer, acks=all) and resolves once every in-sync
 * replica has the message. For a state change and its event use the outbox instead.
 */
export class MessagePublisher {
  constructor(private readonly deps: { producer: Producer; serde: AvroSerde; source: string }) {}

  async publish<C extends TopicContract<unknown>, K extends TopicRecordContract<C>>(
    topic: C,
    contract: K,
    draft: Draft<RecordOf<K>>,
    options: PublishOptions,
    cause?: Causation,
  ): Promise<Published> {
    return sendTraced(this.deps, topic, contract, draft, options, cause, async (message) => {
      const [result] = await this.deps.producer.send({
        topic: message.topic,
        acks: -1,
        messages: [{ key: message.key, value: message.value, headers: message.headers }],
      });
      return {
        messageId: message.messageId,
        partition: result?.partition ?? -1,
        offset: result?.baseOffset ?? '-1',
      };
    });
  }

  /**
   * Publishes several messages in ONE produce request (acks=all) and resolves once every in-sync
   * replica has them, with one outcome per item in order. Each is built in its own PRODUCER span
   * (which ends with the request): an item that cannot be built (its record does not validate)
   * fails alone; a failed request fails every item built.
   */
  async publishAll<C extends TopicContract<unknown>, K extends TopicRecordContract<C>>(
    items: readonly PublishItem<C, K>[],
  ): Promise<PublishOutcome[]> {
    const queued: Queued[] = [];
    // sendTraced starts the span, builds and delivers synchronously: every message built is
    // queued once the map returns.
    const outcomes = items.map(({ topic, contract, draft, options, cause, trace }) =>
      context
        .with(trace ?? context.active(), () =>
          sendTraced(
            this.deps,
            topic,
            contract,
            draft,
            options,
            cause,
            (message) =>
              new Promise<string>((resolve, reject) =>
                queued.push({
                  message,
                  settle: (error) =>
                    error === undefined ? resolve(message.messageId) : reject(error),
                }),
              ),
          ),
        )
        .then(
          (messageId): PublishOutcome => ({ ok: true, messageId }),
          (error: unknown): PublishOutcome => ({ ok: false, error }),
        ),
    );
    if (queued.length > 0) {
      const error = await this.sendBatch(queued.map((q) => q.message));
      for (const q of queued) q.settle(error);
    }
    return Promise.all(outcomes);
  }

  /** One produce request for `messages` (grouped by topic); the error, if it failed. */
  private async sendBatch(messages: readonly OutgoingMessage[]): Promise<unknown> {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, key, value, headers } of messages) {
      const list = byTopic.get(topic) ?? [];
      list.push({ key, value, headers });
      byTopic.set(topic, list);
    }
    try {
      await this.deps.producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
      });
      return undefined;
    } catch (error) {
      return error ?? new Error('the produce request failed');
    }
  }
}
