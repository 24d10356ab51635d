// Reads saga replies in tests: from the end of the replies topic at the moment the tap starts,
// decoded through the registry. The topic is shared by every test, so callers always filter
// (by sagaId, and by source when other participants may answer the same commands).
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Topics } from '@meridian/contracts';
import { RECORD_HEADER } from '@meridian/messaging';
import { uniqueName } from '@meridian/testing';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { ReplyHeader } from '../definition.js';

/**
 * One reply as read from Kafka. `value` is decoded without the runtime's logical types
 * (timestamps are epoch millis, decimals raw bytes); the header fields are plain strings.
 */
/** A reply as read off the topic: the fields every reply carries, and where it was. */
export interface TappedReply extends ReplyHeader {
  readonly recordName: string;
  readonly key: string | null;
  readonly partition: number;
  readonly offset: string;
  readonly messageId: string;
  /** `envelope.source`: the name of the participant that replied. */
  readonly source: string;
  readonly value: Readonly<Record<string, unknown>>;
}

export interface ReplyTap {
  /** Replies read so far that match `filter`, in the order read. */
  replies(filter?: (reply: TappedReply) => boolean): TappedReply[];
  /** Resolves with the first `count` matching replies; fails naming what it saw after the timeout. */
  waitFor(
    filter: (reply: TappedReply) => boolean,
    count?: number,
    timeoutMs?: number,
  ): Promise<TappedReply[]>;
  stop(): Promise<void>;
}

interface DecodedReply {
  envelope: { messageId: string; source: string };
  sagaId: string;
  stepName: string;
  commandMessageId: string;
  outcome: string;
  failure: TappedReply['failure'];
}

export async function tapReplies(options: {
  readonly brokers: readonly string[];
  readonly schemaRegistryUrl: string;
  /** Default saga.replies.v1; the topic must exist. */
  readonly topic?: string;
}): Promise<ReplyTap> {
  const topic = options.topic ?? Topics.SagaRepliesV1.name;
  const groupId = uniqueName('reply_tap');
  const kafka = new Kafka({
    clientId: groupId,
    brokers: [...options.brokers],
    logLevel: logLevel.NOTHING,
  });
  const registry = new SchemaRegistry({ host: options.schemaRegistryUrl });
  const seen: TappedReply[] = [];
  const waiters = new Set<() => void>();

  // Start at the current end: committing the end offsets for the fresh group before it joins.
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })),
    });
  } finally {
    await admin.disconnect();
  }

  const consumer: Consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic] });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      if (!message.value) return;
      let decoded: DecodedReply;
      try {
        decoded = plain(await registry.decode(message.value)) as DecodedReply;
      } catch {
        return; // not a reply this registry can read (another test's scratch schema)
      }
      seen.push({
        recordName: message.headers?.[RECORD_HEADER]?.toString() ?? '',
        key: message.key?.toString() ?? null,
        partition,
        offset: message.offset,
        messageId: decoded.envelope.messageId,
        source: decoded.envelope.source,
        sagaId: decoded.sagaId,
        stepName: decoded.stepName,
        commandMessageId: decoded.commandMessageId,
        outcome: decoded.outcome,
        failure: decoded.failure,
        value: decoded as unknown as Record<string, unknown>,
      });
      for (const wake of waiters) wake();
    },
  });

  const replies = (filter: (reply: TappedReply) => boolean = () => true): TappedReply[] =>
    seen.filter(filter);
  return {
    replies,
    waitFor: (filter, count = 1, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const matching = replies(filter);
          if (matching.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(matching.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `only ${replies(filter).length} of ${count} matching replies on ${topic} within ${timeoutMs} ms (${seen.length} read)`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    async stop() {
      await consumer.disconnect();
      const cleanup = kafka.admin();
      await cleanup.connect();
      try {
        await cleanup.deleteGroups([groupId]);
      } catch {
        // a group the broker already forgot is fine
      } finally {
        await cleanup.disconnect();
      }
    },
  };
}

/** avsc decodes records as class instances: plain objects compare with deepEqual. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}
