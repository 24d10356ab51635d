// Reads a consumer group's dead letter topic from its end at the moment the tap starts, keeping
// each message's headers (the runtime's failure headers name the error) by original message id.
import { MESSAGE_ID_HEADER } from '@meridian/messaging';
import { uniqueName, until } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';

export interface DeadLetterTap {
  /** The headers of the dead letter of the message with this id, once it arrived. */
  headersOf(messageId: string): Promise<Readonly<Record<string, string>>>;
  stop(): Promise<void>;
}

export async function tapDeadLetters(options: {
  readonly brokers: readonly string[];
  readonly topic: string;
}): Promise<DeadLetterTap> {
  const groupId = uniqueName('dlq_tap');
  const kafka = new Kafka({
    clientId: groupId,
    brokers: [...options.brokers],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(options.topic);
    await admin.setOffsets({
      groupId,
      topic: options.topic,
      partitions: ends.map((e) => ({ partition: e.partition, offset: e.high })),
    });
  } finally {
    await admin.disconnect();
  }
  const seen = new Map<string, Record<string, string>>();
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics: [options.topic] });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
      );
      const messageId = headers[MESSAGE_ID_HEADER];
      if (messageId) seen.set(messageId, headers);
    },
  });
  return {
    headersOf: async (messageId) => {
      await until(
        `dead letter of ${messageId} on ${options.topic}`,
        async () => seen.has(messageId),
        60_000,
      );
      return seen.get(messageId) ?? {};
    },
    stop: async () => {
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
