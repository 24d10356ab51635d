// Reads a Kafka topic in tests, decoded through the schema registry, from its end at the moment
// the tap starts (or from its beginning, for a topic of the test's own such as its group's DLQ).
// Topics are shared with every other test and engineer: always filter by the ids the test made up.
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
import type { IHeaders } from 'kafkajs';
import {
  purgeConsumerGroup,
  runFrom,
  TEST_FETCH_MAX_WAIT_MS,
  topicEnds,
  withKafkaAdmin,
} from './kafka-groups.js';
import { uniqueName } from './names.js';

/** One message as read. */
export interface TappedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  /** Every header as text: record name, trace context, the failure headers of a retry or DLQ. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The record as plain objects, decoded without the runtime's logical types: timestamps are
   * epoch millis, decimals raw bytes.
   */
  readonly value: Readonly<Record<string, unknown>>;
}

export interface TopicTap {
  /** Messages read so far that match `filter`, in the order read. */
  messages(filter?: (message: TappedMessage) => boolean): TappedMessage[];
  /** Resolves with the first `count` matching messages; fails saying how many it saw. */
  waitFor(
    filter: (message: TappedMessage) => boolean,
    count?: number,
    timeoutMs?: number,
  ): Promise<TappedMessage[]>;
  /** Stops reading and deletes the tap's consumer group. */
  stop(): Promise<void>;
}

export interface TopicTapOptions {
  readonly brokers: readonly string[];
  readonly schemaRegistryUrl: string;
  /** The topic; it must exist. */
  readonly topic: string;
  /** Also read what the topic holds already; default false (only what comes after the start). */
  readonly fromBeginning?: boolean;
}

/** Starts reading; resolves once the tap's consumer runs. */
export async function tapTopic(options: TopicTapOptions): Promise<TopicTap> {
  const { brokers, topic } = options;
  const group = uniqueName('topic_tap');
  const kafka = new Kafka({ clientId: group, brokers: [...brokers], logLevel: logLevel.NOTHING });
  const registry = new SchemaRegistry({ host: options.schemaRegistryUrl });
  const seen: TappedMessage[] = [];
  const waiters = new Set<() => void>();

  // The end as it is now, taken by the tap's first fetch; the group reads from the beginning only
  // when asked to (or when the topic did not exist a moment ago).
  const ends = options.fromBeginning
    ? []
    : await withKafkaAdmin(kafka, (admin) => topicEnds(admin, [topic]));
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: TEST_FETCH_MAX_WAIT_MS });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await runFrom(consumer, ends, {
    eachMessage: async ({ partition, message }) => {
      if (!message.value) return;
      let value: Record<string, unknown>;
      try {
        value = plain(await registry.decode(message.value)) as Record<string, unknown>;
      } catch {
        return; // not a record this registry can read (another test's scratch schema)
      }
      const key = message.key?.toString() ?? null;
      const headers = textHeaders(message.headers);
      seen.push({ topic, partition, offset: message.offset, key, headers, value });
      for (const wake of waiters) wake();
    },
  });

  const messages = (filter: (message: TappedMessage) => boolean = () => true): TappedMessage[] =>
    seen.filter(filter);
  return {
    messages,
    waitFor: (filter, count = 1, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const matching = messages(filter);
          if (matching.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(matching.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `only ${messages(filter).length} of ${count} matching messages on ${topic} within ${timeoutMs} ms (${seen.length} read)`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    async stop() {
      await consumer.disconnect();
      await purgeConsumerGroup({ brokers, group });
    },
  };
}

/**
 * An Avro decimal as a tap reads it (big-endian two's complement bytes) as its decimal string at
 * `scale` ('2450.00'); null for null.
 */
export function decimalOf(value: unknown, scale = 2): string | null {
  if (value === null || value === undefined) return null;
  if (!Buffer.isBuffer(value)) throw new Error(`not an Avro decimal: ${String(value)}`);
  const unscaled =
    value.length === 0 ? 0n : BigInt.asIntN(value.length * 8, BigInt(`0x${value.toString('hex')}`));
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${unscaled < 0n ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) text[name] = first.toString();
  }
  return text;
}

/** avsc decodes records as class instances: plain objects compare with deepEqual. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
}
