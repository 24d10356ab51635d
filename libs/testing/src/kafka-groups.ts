// Consumer groups in tests on shared topics: a fresh group that starts at the current end of its
// topics (other runs' messages are not replayed to it), and the removal of everything a group of
// the messaging runtime leaves on the broker.
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { until } from './wait.js';

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
 * Commits the current end offsets of `topics` (those that exist) for the fresh `group`, before any
 * member joins: the group then reads only what is published from now on, where a new group of the
 * messaging runtime would start at the beginning.
 */
export async function startGroupAtEnd(
  options: ConsumerGroupOptions & { readonly topics: readonly string[] },
): Promise<void> {
  await withKafkaAdmin(adminOf(options.brokers), async (admin) => {
    // A topic not created yet (the service provisions it when it starts) has no end to skip to:
    // the group reads it from its beginning, which is everything published after this.
    const existing = new Set(await admin.listTopics());
    for (const topic of options.topics.filter((t) => existing.has(t))) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId: options.group,
        topic,
        partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })),
      });
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
