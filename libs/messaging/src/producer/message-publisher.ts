import type { RecordOf, TopicContract, TopicRecordContract } from '@meridian/contracts';
import type { Producer } from 'kafkajs';
import type { Causation, Draft } from '../envelope.js';
import type { AvroSerde } from '../serde/avro-serde.js';
import { sendTraced, type PublishOptions } from './outgoing-message.js';

export interface Published {
  readonly messageId: string;
  readonly partition: number;
  readonly offset: string;
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
}
