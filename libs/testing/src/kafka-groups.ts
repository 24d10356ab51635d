// Consumer groups in tests on shared topics: a fresh group that starts at the current end of its
// topics (other runs' messages are not replayed to it), and the removal of everything a group of
// the messaging runtime leaves on the broker.
import { Kafka, logLevel } from 'kafkajs';
import type { Admin, Consumer, ConsumerRunConfig } from 'kafkajs';
import { until, within } from './wait.js';

export interface ConsumerGroupOptions {
  readonly brokers: readonly string[];
  readonly group: string;
}

/** Runs `work` with a connected admin client of `kafka`, disconnected afterwards. */
export async function withKafkaAdmin<T>(
  kafka: Kafka,
  work: (admin: Admin) => Promise<T>,
): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

function adminOf(brokers: readonly string[]): Kafka {
  return new Kafka({
    clientId: 'meridian-test-admin',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  });
}

/**
 * How long a test's own consumer (a tap, a group being positioned) waits in one fetch for new
 * messages. kafkajs waits 5 s, and a consumer's stop waits for the fetch in flight: every tap cost
 * 5 s to stop. A message that arrives ends the wait at once either way.
 */
export const TEST_FETCH_MAX_WAIT_MS = 100;

/** Where each partition of a topic is to be read from. */
export interface TopicStart {
  readonly topic: string;
  readonly partitions: readonly { readonly partition: number; readonly offset: string }[];
}

/** The current end of every partition of those `topics` that exist; the others are left out. */
export async function topicEnds(admin: Admin, topics: readonly string[]): Promise<TopicStart[]> {
  const existing = new Set(await admin.listTopics());
  return Promise.all(
    topics
      .filter((topic) => existing.has(topic))
      .map(async (topic) => ({
        topic,
        partitions: (await admin.fetchTopicOffsets(topic)).map((end) => ({
          partition: end.partition,
          offset: end.high,
        })),
      })),
  );
}

/**
 * Runs `consumer` (subscribed to the topics of `starts`) from those offsets: the seeks are taken,
 * and committed, on its first fetch, before anything is read. Resolves once it joined its group.
 */
export async function runFrom(
  consumer: Consumer,
  starts: readonly TopicStart[],
  config: ConsumerRunConfig,
): Promise<void> {
  // Not awaited before the seeks: once `run` resolves, the first fetch may be on its way.
  const running = consumer.run(config);
  for (const { topic, partitions } of starts) {
    for (const { partition, offset } of partitions) consumer.seek({ topic, partition, offset });
  }
  await running;
}

/**
 * Commits the current end offsets of `topics` (those that exist) for the fresh `group`, before its
 * real members join: the group then reads only what is published from now on, where a new group of
 * the messaging runtime would start at the beginning. One short-lived member joins for every topic
 * at once and leaves after its first fetch (the admin's setOffsets joins once per topic and waits
 * out a 5 s fetch each time).
 */
export async function startGroupAtEnd(
  options: ConsumerGroupOptions & { readonly topics: readonly string[] },
): Promise<void> {
  const { group } = options;
  const kafka = adminOf(options.brokers);
  await withKafkaAdmin(kafka, async (admin) => {
    // A topic not created yet (the service provisions it when it starts) has no end to skip to:
    // the group reads it from its beginning, which is everything published after this.
    const ends = await topicEnds(admin, options.topics);
    if (ends.length === 0) return;
    const topics = ends.map((end) => end.topic);
    const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: TEST_FETCH_MAX_WAIT_MS });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics, fromBeginning: true });
      const fetched = new Promise<void>((resolve) => {
        const remove = consumer.on(consumer.events.FETCH, () => {
          remove();
          resolve();
        });
      });
      const running = runFrom(consumer, ends, {
        eachBatchAutoResolve: false,
        eachBatch: async () => undefined,
      });
      // Nothing is to be read: the fetch only takes the seeks.
      consumer.pause(topics.map((topic) => ({ topic })));
      await within(
        `consumer group ${group} at the end of ${topics.join(', ')}`,
        30_000,
        Promise.all([running, fetched]),
      );
    } finally {
      await consumer.disconnect();
    }
    const committed = await admin.fetchOffsets({ groupId: group, topics });
    for (const { topic, partitions } of ends) {
      const at = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const { partition, offset } of partitions) {
        const got = at.find((p) => p.partition === partition)?.offset ?? '-1';
        if (got !== offset) {
          throw new Error(
            `consumer group ${group} is at ${got} on ${topic}/${partition}, not at its end ${offset}`,
          );
        }
      }
    }
  });
}

/**
 * Removes what a consumer group leaves on the broker once its consumers stopped: the messaging
 * runtime's retry and DLQ topics (`<group>.retry.<n>`, `<group>.dlq`) and the group `<group>` with
 * those named after it (`<group>.retry`, `<group>.dlq-reader`). Members that just left can keep a
 * group non-empty for a moment: deleting is tried again until the groups are gone.
 */
export async function purgeConsumerGroup(options: ConsumerGroupOptions): Promise<void> {
  const { group } = options;
  await withKafkaAdmin(adminOf(options.brokers), async (admin) => {
    const topics = (await admin.listTopics()).filter(
      (topic) => topic === `${group}.dlq` || topic.startsWith(`${group}.retry.`),
    );
    if (topics.length > 0) await admin.deleteTopics({ topics });
    await until(`consumer groups of ${group} deleted`, async () => {
      // The group and those named after it: its retry consumer, observability's dead-letter reader.
      const groups = (await admin.listGroups()).groups
        .map((g) => g.groupId)
        .filter((g) => g === group || g.startsWith(`${group}.`));
      if (groups.length === 0) return true;
      await admin.deleteGroups(groups).catch(() => undefined);
      return false;
    });
  });
}

/** How many messages `topic` holds now (high minus low watermark, every partition); 0 when missing. */
export async function topicDepth(brokers: readonly string[], topic: string): Promise<number> {
  return withKafkaAdmin(adminOf(brokers), async (admin) => {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  });
}
