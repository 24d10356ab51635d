import { Kafka, logLevel, Partitioners } from 'kafkajs';
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
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
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
