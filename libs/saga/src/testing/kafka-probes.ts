// Small probes tests use around participants: deliver a message's exact bytes again, see what a
// consumer group committed, wait for a condition.
import { uniqueName, withKafkaAdmin } from '@meridian/testing';
import { Partitioners, type Kafka, type KafkaMessage } from 'kafkajs';
import { TEST_CONSUMER_OPTIONS } from './saga-fixture.js';

/**
 * The message at one offset, read by a fresh group that seeks there (its other partitions start at
 * their end). A seek, not the admin's setOffsets: that runs a consumer of its own and waits out
 * its first fetch (5 s).
 */
export async function readAt(
  kafka: Kafka,
  at: { readonly topic: string; readonly partition: number; readonly offset: string },
): Promise<KafkaMessage> {
  const groupId = uniqueName('read_at');
  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: TEST_CONSUMER_OPTIONS.maxWaitTimeMs,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [at.topic] });
  try {
    return await new Promise<KafkaMessage>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${at.topic}/${at.partition}@${at.offset} not read within 30 s`)),
        30_000,
      );
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          if (partition === at.partition && message.offset === at.offset) {
            clearTimeout(timer);
            resolve(message);
          }
        },
      });
      consumer.seek({ topic: at.topic, partition: at.partition, offset: at.offset });
    });
  } finally {
    await consumer.disconnect();
    await withKafkaAdmin(kafka, (admin) => admin.deleteGroups([groupId])).catch(() => undefined);
  }
}

/** Sends the message at one offset again, byte for byte (key, value, headers): a redelivery. */
export async function redeliver(
  kafka: Kafka,
  at: { readonly topic: string; readonly partition: number; readonly offset: string },
): Promise<{ partition: number; offset: string }> {
  const original = await readAt(kafka, at);
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const [sent] = await producer.send({
      topic: at.topic,
      acks: -1,
      messages: [{ key: original.key, value: original.value, headers: original.headers ?? {} }],
    });
    if (!sent) throw new Error(`no acknowledgement for the redelivery to ${at.topic}`);
    return { partition: sent.partition, offset: sent.baseOffset ?? '-1' };
  } finally {
    await producer.disconnect();
  }
}

/** True once the group committed past `offset` on the partition (the message was handled). */
export async function committedPast(
  kafka: Kafka,
  group: string,
  at: { readonly topic: string; readonly partition: number; readonly offset: string },
): Promise<boolean> {
  const [offsets] = await withKafkaAdmin(kafka, (admin) =>
    admin.fetchOffsets({ groupId: group, topics: [at.topic] }),
  );
  const committed = offsets?.partitions.find((p) => p.partition === at.partition)?.offset;
  return BigInt(committed ?? '-1') > BigInt(at.offset);
}

export { until } from '@meridian/testing';
