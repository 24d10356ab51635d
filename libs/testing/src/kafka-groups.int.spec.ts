import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { Producer } from 'kafkajs';
import { getInfra } from './infra.js';
import { purgeConsumerGroup, startGroupAtEnd, withKafkaAdmin } from './kafka-groups.js';
import { uniqueName } from './names.js';
import { deleteSubject } from './registry.js';
import { tapTopic } from './topic-tap.js';
import { until } from './wait.js';

const infra = getInfra();
const brokers = infra.kafkaBrokers;
const PARTITIONS = [0, 1, 2];

describe('consumer groups and taps of tests start at the end of shared topics', () => {
  const topic = uniqueName('groups_it');
  const subject = `${topic}-health.meridian.testing.GroupProbe`;
  const kafka = new Kafka({
    clientId: 'groups-it',
    brokers: [...brokers],
    logLevel: logLevel.WARN,
  });
  const registry = new SchemaRegistry({ host: infra.schemaRegistryUrl });
  let schemaId = 0;
  let producer: Producer;

  /** One record `${label}-<partition>` on every partition, in partition order. */
  async function publishOnEach(label: string): Promise<string[]> {
    const labels = PARTITIONS.map((partition) => `${label}-${partition}`);
    await producer.send({
      topic,
      acks: -1,
      messages: await Promise.all(
        PARTITIONS.map(async (partition) => ({
          partition,
          value: await registry.encode(schemaId, { label: `${label}-${partition}` }),
        })),
      ),
    });
    return labels;
  }

  before(async () => {
    ({ id: schemaId } = await registry.register(
      {
        type: SchemaType.AVRO,
        schema: JSON.stringify({
          type: 'record',
          name: 'GroupProbe',
          namespace: 'health.meridian.testing',
          fields: [{ name: 'label', type: 'string' }],
        }),
      },
      { subject },
    ));
    await withKafkaAdmin(kafka, (admin) =>
      admin.createTopics({
        topics: [{ topic, numPartitions: PARTITIONS.length }],
        waitForLeaders: true,
      }),
    );
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    // History the groups and taps below must not read (unless they ask for it).
    await publishOnEach('history');
  });
  after(async () => {
    await producer?.disconnect();
    await withKafkaAdmin(kafka, (admin) => admin.deleteTopics({ topics: [topic] }));
    await deleteSubject(infra.schemaRegistryUrl, subject);
  });

  test('startGroupAtEnd commits the end of every partition, skips a topic that does not exist and leaves no member behind', async () => {
    const group = uniqueName('groups_it_group');
    const missing = uniqueName('groups_it_missing');
    try {
      await startGroupAtEnd({ brokers, group, topics: [topic, missing] });
      await withKafkaAdmin(kafka, async (admin) => {
        const ends = await admin.fetchTopicOffsets(topic);
        const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        for (const end of ends) {
          const at = committed?.partitions.find((p) => p.partition === end.partition);
          assert.equal(at?.offset, end.high, `${topic}/${end.partition}`);
        }
        assert.ok(!(await admin.listTopics()).includes(missing), `${missing} was created`);
        const { groups } = await admin.describeGroups([group]);
        assert.equal(groups[0]?.members.length, 0);
      });

      // A member of the group reads what comes next, and nothing of the history: on every
      // partition the history comes first, so a group not at the end would read it first.
      const read: string[] = [];
      const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100 });
      await consumer.connect();
      try {
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ message }) => {
            const decoded = (await registry.decode(message.value ?? Buffer.alloc(0))) as {
              label: string;
            };
            read.push(decoded.label);
          },
        });
        const next = await publishOnEach('next');
        await until('the group read the next records', async () => read.length >= next.length);
        assert.deepEqual([...read].sort(), next);
      } finally {
        await consumer.disconnect();
      }
    } finally {
      await purgeConsumerGroup({ brokers, group });
    }
  });

  test('a tap reads only what is published after it started; with fromBeginning, the history too', async () => {
    const tap = await tapTopic({ brokers, schemaRegistryUrl: infra.schemaRegistryUrl, topic });
    const whole = await tapTopic({
      brokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic,
      fromBeginning: true,
    });
    try {
      const later = await publishOnEach('later');
      const labelOf = (m: { value: Readonly<Record<string, unknown>> }): string =>
        String(m.value['label']);
      const isLater = (m: { value: Readonly<Record<string, unknown>> }): boolean =>
        labelOf(m).startsWith('later-');
      await tap.waitFor(isLater, later.length);
      assert.deepEqual(tap.messages().map(labelOf).sort(), later);
      await whole.waitFor(isLater, later.length);
      const all = whole.messages().map(labelOf);
      for (const label of ['history-0', 'history-1', 'history-2', ...later]) {
        assert.ok(all.includes(label), `${label} not read from the beginning (read ${all.join()})`);
      }
    } finally {
      await tap.stop();
      await whole.stop();
    }
  });
});
