import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import kafkajs, { type Consumer, type ConsumerConfig } from 'kafkajs';
import { NonRetriableError } from '../errors.js';
import type { Messaging } from '../messaging.factory.js';
import { MESSAGE_ID_HEADER } from '../producer/outgoing-message.js';
import { createScratch, until, type Scratch } from '../testing/scratch.js';
import { FAILURE_HEADERS } from './failure-headers.js';
import { SupervisedConsumer } from './supervised-consumer.js';

// kafkajs is CommonJS: Node's ESM loader does not see this enum as a named export.
const { ConfigResourceTypes } = kafkajs;
const FAST_RESTART = { initialDelayMs: 200, maxDelayMs: 2_000 };

describe('consumer supervision against the real broker', () => {
  let s: Scratch;
  let messaging: Messaging;

  before(async () => {
    s = await createScratch('supervision');
    await s.register(s.contracts.v1);
    messaging = await s.messaging('supervision-spec');
  });
  after(() => s.cleanup());

  /** Sets (or, with undefined, resets to the broker default) a topic's max.message.bytes. */
  const maxMessageBytes = async (topic: string, value: string | undefined): Promise<void> => {
    const admin = s.kafka.admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configEntries: value === undefined ? [] : [{ name: 'max.message.bytes', value }],
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
  };

  it('reports a consumer that kafkajs crashed for good as not ready, restarts it, and is ready once it rejoined', async () => {
    const group = `${s.group}.crash`;
    const consumer = messaging
      .consumer(group, {
        retry: { attempts: 2, initialDelayMs: 100, multiplier: 2, maxDelayMs: 500 },
        restart: FAST_RESTART,
      })
      .on(s.topic, s.contracts.v1, async () => {
        throw new NonRetriableError('bed 4W-99 does not exist');
      });
    await messaging.provision([s.topic]);
    // The DLQ refuses the dead letter (MESSAGE_TOO_LARGE, a non-retriable broker error): the
    // send fails inside eachMessage and kafkajs crashes the consumer with restart=false.
    await maxMessageBytes(`${group}.dlq`, '64');
    await consumer.start();
    assert.deepEqual(
      consumer.health().map((h) => [h.group, h.phase, h.ready]),
      [
        [group, 'joined', true],
        [`${group}.retry`, 'joined', true],
      ],
    );

    const sent = await messaging.publisher.publish(
      s.topic,
      s.contracts.v1,
      { bedId: '4W-99', status: 'CLEANING' },
      { key: '4W' },
    );
    await until('the consumer crashed', async () => consumer.health()[0]?.ready === false);
    const [down, retry] = consumer.health();
    assert.equal(down?.group, group);
    assert.equal(down?.phase, 'crashed');
    assert.match(
      down?.reason ?? '',
      /^crashed \d+ s ago: KafkaJS\w+: .*larger than the max message size/,
    );
    assert.equal(retry?.ready, true, 'the retry consumer is not affected');
    await until(
      'the runtime restarted it itself',
      async () => (consumer.health()[0]?.restarts ?? 0) >= 1,
    );
    assert.equal(consumer.health()[0]?.ready, false, 'the message still crashes it');

    await maxMessageBytes(`${group}.dlq`, undefined);
    const [dead] = await s.readMessage(`${group}.dlq`, sent.messageId);
    assert.equal(dead?.headers?.[FAILURE_HEADERS.errorClass]?.toString(), 'NonRetriableError');
    assert.equal(dead?.headers?.[MESSAGE_ID_HEADER]?.toString(), sent.messageId);
    await until('ready again', async () => consumer.health().every((h) => h.ready));
    assert.equal(consumer.health()[0]?.phase, 'joined');
    await until('the offset is committed', () => s.drained(group, s.topic.name));

    await consumer.stop();
    assert.deepEqual(consumer.health(), [], 'a stopped runtime runs no consumers');
  });

  it('restarts a consumer that was disconnected without being asked to, and it consumes again', async () => {
    const created: Consumer[] = [];
    const kafka = {
      consumer: (config: ConsumerConfig): Consumer => {
        const consumer = s.kafka.consumer(config);
        created.push(consumer);
        return consumer;
      },
    };
    const seen: string[] = [];
    const supervised = new SupervisedConsumer({
      kafka,
      groupId: `${s.group}.supervised`,
      topics: [s.topic.name],
      partitionsConsumedConcurrently: 1,
      eachMessage: async ({ message }) => {
        seen.push(message.headers?.[MESSAGE_ID_HEADER]?.toString() ?? '');
      },
      logger: s.logger,
      restart: FAST_RESTART,
      joinGraceMs: 5_000,
    });
    await supervised.start();
    assert.equal(supervised.health().phase, 'joined');

    await created[0]?.disconnect(); // kafkajs emits STOP and DISCONNECT, no CRASH
    const down = supervised.health();
    assert.equal(down.ready, false);
    assert.equal(down.phase, 'stopped');
    assert.match(down.reason ?? '', /^stopped unexpectedly/);

    await until('a fresh consumer joined the group', async () => supervised.health().ready);
    assert.equal(created.length, 2);
    assert.deepEqual([supervised.health().phase, supervised.health().restarts], ['joined', 1]);
    const sent = await messaging.publisher.publish(
      s.topic,
      s.contracts.v1,
      { bedId: '6N-02', status: 'OCCUPIED' },
      { key: '6N' },
    );
    await until('the fresh consumer reads', async () => seen.includes(sent.messageId));
    await supervised.stop();
  });
});
