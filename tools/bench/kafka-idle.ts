// "The platform has worked through everything": no consumer group of the bench broker has a
// message left to read. Between open-loop phases, so one phase's backlog is not the next one's.
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Admin } from 'kafkajs';

/** Messages not yet consumed, summed over every group's committed partitions. */
export async function consumerLag(admin: Admin): Promise<number> {
  const { groups } = await admin.listGroups();
  const ends = new Map<string, Map<number, number>>();
  const endOf = async (topic: string): Promise<Map<number, number>> => {
    let known = ends.get(topic);
    if (!known) {
      const offsets = await admin.fetchTopicOffsets(topic);
      known = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
      ends.set(topic, known);
    }
    return known;
  };
  let lag = 0;
  for (const { groupId } of groups) {
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
      const topicEnds = await endOf(topic);
      for (const { partition, offset } of partitions) {
        const committed = Number(offset);
        if (committed >= 0) lag += Math.max(0, (topicEnds.get(partition) ?? 0) - committed);
      }
    }
  }
  return lag;
}

/**
 * Resolves once the lag was 0 on two reads a second apart (a relay may have rows in its outbox
 * between two hops), or after `timeoutMs` with the lag left (the caller reports it).
 */
export async function waitForIdle(brokers: readonly string[], timeoutMs: number): Promise<number> {
  const admin = new Kafka({
    clientId: 'bench-idle',
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    let zeros = 0;
    for (;;) {
      const lag = await consumerLag(admin);
      zeros = lag === 0 ? zeros + 1 : 0;
      if (zeros >= 2 || Date.now() > deadline) return lag;
      await sleep(1_000);
    }
  } finally {
    await admin.disconnect();
  }
}
