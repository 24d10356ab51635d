import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Producer } from 'kafkajs';
import type { EntityManager, EntitySubscriberInterface } from 'typeorm';
import type { Messaging } from '../messaging.factory.js';
import { createScratch, until, type Scratch } from '../testing/scratch.js';
import { OutboxRelay } from './outbox.relay.js';
import { outboxItem, type OutboxPublish } from './outbox.writer.js';

describe('transactional outbox', () => {
  let s: Scratch;
  let messaging: Messaging;
  const handled: string[] = [];

  before(async () => {
    s = await createScratch('outbox');
    await s.register(s.contracts.v1);
  });
  after(() => s.cleanup());

  it('relays after a restart what a process committed before it was killed, exactly once', async () => {
    const { output, signal } = await s.commitInAnotherProcess();
    assert.equal(signal, 'SIGKILL');
    assert.equal(output, 'committed');

    const [pending] = await s.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM messaging_outbox WHERE published_at IS NULL',
    );
    assert.equal(pending?.n, '1', 'the message waits in the outbox');
    const [bed] = await s.dataSource.query<{ status: string }[]>(
      "SELECT status FROM bed WHERE bed_id = '6S-04'",
    );
    assert.equal(bed?.status, 'CLEANING', 'the state change committed with it');

    // The service restarts: relay and consumer run again.
    messaging = await s.messaging('workforce-sync');
    const consumer = messaging.consumer(s.group).on(s.topic, s.contracts.v1, async (bedChanged) => {
      handled.push(bedChanged.envelope.messageId);
    });
    await messaging.provision([s.topic]);
    await consumer.start();
    messaging.relay.start();
    await until('the relayed message is handled', async () => handled.length === 1);
    await until('the outbox row is marked published', async () => {
      const rows = await s.dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM messaging_outbox WHERE published_at IS NULL',
      );
      return rows[0]?.n === '0';
    });
    await until('the group committed it', () => s.drained(s.group, s.topic.name));
    assert.equal(handled.length, 1);
  });

  it('keeps duplicates from reaching handlers when the relay dies after sending and before marking', async () => {
    await messaging.relay.stop();
    await s.dataSource.transaction(async (manager) => {
      await messaging.outbox.publish(
        manager,
        s.topic,
        s.contracts.v1,
        { bedId: '6S-05', status: 'AVAILABLE' },
        { key: '6S' },
      );
    });
    const kafkaProducer = s.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await kafkaProducer.connect();
    // The relay's send reaches Kafka, then the process "dies" before the UPDATE commits.
    const dying = Object.create(kafkaProducer, {
      sendBatch: {
        value: async (batch: Parameters<Producer['sendBatch']>[0]) => {
          await kafkaProducer.sendBatch(batch);
          throw new Error('killed after send');
        },
      },
    }) as Producer;
    const crashed = new OutboxRelay({
      dataSource: s.dataSource,
      producer: dying,
      logger: s.logger,
    });
    await assert.rejects(crashed.relayOnce(), /killed after send/);
    await kafkaProducer.disconnect();

    messaging.relay.start();
    await until(
      'the group committed both copies',
      async () => handled.length === 2 && (await s.drained(s.group, s.topic.name)),
    );
    const copies = await s.readMessage(s.topic.name, handled[1] ?? '', 2);
    assert.equal(copies.length, 2, 'the duplicate really is on the topic');
    const [{ n } = { n: '' }] = await s.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM messaging_processed_message',
    );
    assert.equal(n, '2', 'two messages processed, not three');
    assert.equal(handled.length, 2, 'one handler call per message despite the duplicate');
  });

  it('commits what a transaction publishes together with its state, and nothing of one that failed', async () => {
    /** Sets bed 6S-04 to `status` and publishes that, in the transaction of `manager`. */
    const setBed =
      (status: string) =>
      async (manager: EntityManager, publish: OutboxPublish): Promise<string> => {
        await manager.query('UPDATE bed SET status = $1 WHERE bed_id = $2', [status, '6S-04']);
        return publish(s.topic, s.contracts.v1, { bedId: '6S-04', status }, { key: '6S' });
      };
    await assert.rejects(
      messaging.outbox.transaction(async (manager, publish) => {
        await setBed('BLOCKED')(manager, publish);
        throw new Error('refused');
      }),
      /refused/,
    );
    const messageId = await messaging.outbox.transaction(setBed('AVAILABLE'));
    await until('the committed message is handled', async () => handled.includes(messageId));
    assert.equal(
      handled.length,
      3,
      'the message of the failed transaction never reached the topic',
    );
    const [bed] = await s.dataSource.query<{ status: string }[]>(
      "SELECT status FROM bed WHERE bed_id = '6S-04'",
    );
    assert.equal(bed?.status, 'AVAILABLE');
  });

  it('writes several messages in one statement, in order, and returns their ids in that order', async () => {
    const inserts: string[] = [];
    const recorder: EntitySubscriberInterface = {
      beforeQuery: ({ query }) => {
        if (query.includes('INSERT INTO messaging_outbox')) inserts.push(query);
      },
    };
    s.dataSource.subscribers.push(recorder);
    let ids: string[];
    try {
      ids = await s.dataSource.transaction((manager) =>
        messaging.outbox.publishAll(
          manager,
          ['6S-06', '6S-07', '6S-08'].map((bedId) =>
            outboxItem(s.topic, s.contracts.v1, { bedId, status: 'CLEANING' }, { key: '6S' }),
          ),
        ),
      );
    } finally {
      s.dataSource.subscribers.splice(s.dataSource.subscribers.indexOf(recorder), 1);
    }
    assert.equal(inserts.length, 1, 'one statement');
    assert.equal(new Set(ids).size, 3);
    const rows = await s.dataSource.query<{ message_id: string }[]>(
      'SELECT message_id FROM messaging_outbox WHERE message_id = ANY ($1::uuid[]) ORDER BY id',
      [ids],
    );
    assert.deepEqual(
      rows.map((row) => row.message_id),
      ids,
      'the rows are in the order given',
    );
    await until('the three are handled', async () => ids.every((id) => handled.includes(id)));
    assert.deepEqual(handled.slice(-3), ids, 'the topic received them in that order');
  });
});
