import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, Partitioners, type Admin } from 'kafkajs';
import { quantile } from './stats.ts';

export interface RawKafka {
  readonly messages: number;
  /** Sends one at a time, each awaited (acks=all): what one MLLP connection does per message. */
  readonly producePerSecond: number;
  readonly produceP50Ms: number;
  readonly produceP99Ms: number;
  /** Produced and consumed back by a consumer group. */
  readonly roundTripP50Ms: number;
  readonly roundTripP99Ms: number;
}

/**
 * Waits until every partition of a new topic has a leader. kafkajs' own `waitForLeaders` gives up
 * at the first UNKNOWN_TOPIC_OR_PARTITION, which a just-started broker under load answers for a
 * moment after creating the topic.
 */
async function awaitLeaders(admin: Admin, topic: string, partitions: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const led = topics[0]?.partitions.filter((p) => p.leader >= 0).length ?? 0;
      if (led === partitions) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`${topic} has no leaders after 60 s`);
    await sleep(200);
  }
}

/**
 * The reference for every benchmark: raw Kafka on this machine in the same run. `count` messages
 * of 512 bytes produced one by one (acks=all, idempotent, as the platform's producers) to a
 * 6-partition topic and consumed back by a consumer group.
 */
export async function rawKafka(count: number): Promise<RawKafka> {
  const { getInfra, uniqueName } = await import('@meridian/testing');
  const kafka = new Kafka({
    clientId: 'bench',
    brokers: [...getInfra().kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  const topic = uniqueName('bench_raw');
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: false });
  await awaitLeaders(admin, topic, 6);
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId: uniqueName('bench_raw_group') });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic, fromBeginning: true });
  const sentAt = new Map<string, number>();
  const roundTrips: number[] = [];
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString() ?? '';
        roundTrips.push(performance.now() - (sentAt.get(key) ?? performance.now()));
        if (roundTrips.length === count) resolve();
      },
    });
  });
  const sends: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const key = `k${i}`;
    const sendStarted = performance.now();
    sentAt.set(key, sendStarted);
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key, value: Buffer.alloc(512, i % 256) }],
    });
    sends.push(performance.now() - sendStarted);
  }
  const produceSeconds = (performance.now() - started) / 1000;
  await done;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  return {
    messages: count,
    producePerSecond: count / produceSeconds,
    produceP50Ms: quantile(sends, 0.5),
    produceP99Ms: quantile(sends, 0.99),
    roundTripP50Ms: quantile(roundTrips, 0.5),
    roundTripP99Ms: quantile(roundTrips, 0.99),
  };
}
