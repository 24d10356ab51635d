import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { quantile } from './stats.ts';

export interface RoundTrip {
  readonly messages: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * The reference: raw Kafka on this machine in the same run. `count` messages produced one by one
 * (acks=all, idempotent, as the platform's producers) and consumed back by a consumer group;
 * latency is produce start to consume.
 */
export async function kafkaRoundTrip(count: number): Promise<RoundTrip> {
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
  const latencies: number[] = [];
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString() ?? '';
        latencies.push(performance.now() - (sentAt.get(key) ?? performance.now()));
        if (latencies.length === count) resolve();
      },
    });
  });
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const key = `k${i}`;
    sentAt.set(key, performance.now());
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key, value: Buffer.alloc(512, i % 256) }],
    });
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  await Promise.all([producer.disconnect(), consumer.disconnect()]);
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  return {
    messages: count,
    perSecond: count / seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}
