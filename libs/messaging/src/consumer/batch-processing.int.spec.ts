import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TopicContract } from '@meridian/contracts';
import { DataSource, type EntitySubscriberInterface } from 'typeorm';
import { InfrastructureUnavailableError, NonRetriableError, RetriableError } from '../errors.js';
import type { Messaging } from '../messaging.factory.js';
import { MESSAGING_ENTITIES } from '../migrations.js';
import { createScratch, until, type BedV1, type Scratch } from '../testing/scratch.js';
import { tcpProxy } from '../testing/tcp-proxy.js';
import type { MessageContext } from './consumer-runtime.js';
import { FAILURE_HEADERS } from './failure-headers.js';

const RETRY = { attempts: 2, initialDelayMs: 200, multiplier: 2, maxDelayMs: 1_000 };

/** A handler call: which bed, which attempt, in which database transaction. */
interface Call {
  readonly bedId: string;
  readonly attempt: number;
  readonly tx: string;
}

describe('consumer batches against the real stack', () => {
  let s: Scratch;
  let messaging: Messaging;
  const topics = new Map<string, TopicContract<BedV1>>();
  const topic = (name: string): TopicContract<BedV1> => {
    const found = topics.get(name);
    assert.ok(found);
    return found;
  };

  before(async () => {
    s = await createScratch('batches');
    for (const name of [
      'poison',
      'duplicate',
      'infrastructure',
      'offsets',
      'database',
      'commit',
      'lone',
      'deadlock',
      'savepoints',
    ]) {
      const fresh = s.freshTopic<BedV1>(`${name}.v1`, [s.contracts.v1]);
      await s.register(s.contracts.v1, fresh);
      topics.set(name, fresh);
    }
    messaging = await s.messaging('batches-spec', {
      produces: [...topics.values()].map((t) => ({ topic: t, records: [s.contracts.v1] })),
    });
    await messaging.provision([...topics.values()]);
  });
  after(() => s.cleanup());

  /**
   * Publishes beds in order on one key, before any consumer runs: one fetch brings them all. (A
   * consumer's retry and DLQ topics are provisioned once it is registered.)
   */
  const publish = async (on: TopicContract<BedV1>, bedIds: string[]): Promise<string[]> => {
    const ids: string[] = [];
    for (const bedId of bedIds) {
      const sent = await messaging.publisher.publish(
        on,
        s.contracts.v1,
        { bedId, status: 'CLEANING' },
        { key: 'ward-9' },
      );
      ids.push(sent.messageId);
    }
    return ids;
  };

  /** Records the call, then applies the change (counting changes per bed). */
  const apply = async (calls: Call[], bed: BedV1, ctx: MessageContext): Promise<void> => {
    const [row] = await ctx.manager.query<{ tx: string }[]>('SELECT txid_current()::text AS tx');
    calls.push({ bedId: bed.bedId, attempt: ctx.attempt, tx: row?.tx ?? '' });
    await ctx.manager.query(
      `INSERT INTO bed (bed_id, status, changes) VALUES ($1, $2, 1)
       ON CONFLICT (bed_id) DO UPDATE SET changes = bed.changes + 1`,
      [bed.bedId, bed.status],
    );
  };

  const changes = async (prefix: string): Promise<Record<string, number>> => {
    const rows = await s.dataSource.query<{ bed_id: string; changes: number }[]>(
      'SELECT bed_id, changes FROM bed WHERE bed_id LIKE $1 ORDER BY bed_id',
      [`${prefix}%`],
    );
    return Object.fromEntries(rows.map((r) => [r.bed_id, r.changes]));
  };

  const processedRows = async (group: string): Promise<number> => {
    const [row] = await s.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM messaging_processed_message WHERE consumer_group = $1',
      [group],
    );
    return Number(row?.n);
  };

  it('handles a batch in one transaction; a poison message in its middle is rolled back and diverted alone, its retry is not taken for a duplicate', async () => {
    const on = topic('poison');
    const group = `${s.group}.poison`;
    const calls: Call[] = [];
    const ids = await publish(on, ['P-1', 'P-2', 'P-FLAKY', 'P-INVALID', 'P-5']);
    const consumer = messaging
      .consumer(group, { retry: RETRY })
      .on(on, s.contracts.v1, async (bed: BedV1, ctx) => {
        await apply(calls, bed, ctx); // written, then rolled back with the savepoint
        if (bed.bedId === 'P-FLAKY' && ctx.attempt === 1)
          throw new RetriableError('bed board locked');
        if (bed.bedId === 'P-INVALID') throw new NonRetriableError('bed P-INVALID does not exist');
      });
    await messaging.provision([on]);
    await consumer.start();

    await until('the flaky bed is handled on its retry', async () =>
      calls.some((c) => c.bedId === 'P-FLAKY' && c.attempt === 2),
    );
    const [dead] = await s.readMessage(`${group}.dlq`, ids[3] ?? '');
    assert.equal(dead?.headers?.[FAILURE_HEADERS.errorClass]?.toString(), 'NonRetriableError');
    await until('every offset is committed', () => s.drained(group, on.name));
    await consumer.stop();

    const first = calls.filter((c) => c.attempt === 1);
    assert.deepEqual(
      first.map((c) => c.bedId),
      ['P-1', 'P-2', 'P-FLAKY', 'P-INVALID', 'P-5'],
      'in order, each once',
    );
    assert.equal(new Set(first.map((c) => c.tx)).size, 1, 'the batch is one transaction');
    assert.deepEqual(await changes('P-'), { 'P-1': 1, 'P-2': 1, 'P-5': 1, 'P-FLAKY': 1 });
    assert.equal(await s.messageCount(`${group}.retry.1`), 1, 'only the flaky bed was retried');
    assert.equal(await s.messageCount(`${group}.dlq`), 1, 'only the invalid bed is dead');
    assert.equal(await processedRows(group), 4, 'no row for the dead-lettered message');
  });

  it('rolls back the whole transaction of a lone message whose handler throws: its retry is handled, not taken for a duplicate', async () => {
    const on = topic('lone');
    const group = `${s.group}.lone`;
    const calls: Call[] = [];
    await publish(on, ['L-1']);
    const consumer = messaging
      .consumer(group, { retry: RETRY })
      .on(on, s.contracts.v1, async (bed: BedV1, ctx) => {
        await apply(calls, bed, ctx);
        if (ctx.attempt === 1) throw new RetriableError('bed board locked');
      });
    await messaging.provision([on]);
    await consumer.start();
    await until('handled on its retry', async () => calls.some((c) => c.attempt === 2));
    await until('every offset is committed', () => s.drained(group, on.name));
    await consumer.stop();

    assert.deepEqual(
      calls.map((c) => [c.bedId, c.attempt]),
      [
        ['L-1', 1],
        ['L-1', 2],
      ],
    );
    assert.deepEqual(await changes('L-'), { 'L-1': 1 }, 'the first attempt left nothing');
    assert.equal(await processedRows(group), 1);
  });

  it('commits the work before a handler that lost a deadlock and handles that message again at once, not on a retry', async () => {
    const on = topic('deadlock');
    const group = `${s.group}.deadlock`;
    const calls: Call[] = [];
    await s.dataSource.query(
      "INSERT INTO bed (bed_id, status, changes) VALUES ('K-OTHER', 'CLEAN', 0), ('K-1', 'CLEAN', 0)",
    );
    let other: Promise<unknown> | undefined;
    await publish(on, ['K-1', 'K-2', 'K-3']);
    const consumer = messaging
      .consumer(group, { retry: RETRY })
      .on(on, s.contracts.v1, async (bed: BedV1, ctx) => {
        await apply(calls, bed, ctx);
        if (bed.bedId !== 'K-2' || other) return;
        // Another transaction holds K-OTHER; this one (holding K-1 since the first message) waits
        // for it, then the other waits for K-1: a real deadlock, this transaction its victim (it
        // waited first, so PostgreSQL's check finds the cycle here after deadlock_timeout).
        const runner = s.dataSource.createQueryRunner();
        await runner.startTransaction();
        await runner.query("UPDATE bed SET changes = changes WHERE bed_id = 'K-OTHER'");
        const mine = ctx.manager.query("UPDATE bed SET changes = changes WHERE bed_id = 'K-OTHER'");
        await new Promise((resolve) => setTimeout(resolve, 200));
        other = runner
          .query("UPDATE bed SET changes = changes WHERE bed_id = 'K-1'")
          .then(() => runner.commitTransaction())
          .finally(() => runner.release());
        await mine;
      });
    await messaging.provision([on]);
    await consumer.start();
    await until('every offset is committed', () => s.drained(group, on.name));
    await consumer.stop();
    await other;

    assert.deepEqual(
      calls.map((c) => [c.bedId, c.attempt]),
      [
        ['K-1', 1],
        ['K-2', 1],
        ['K-2', 1],
        ['K-3', 1],
      ],
      'K-2 handled again at once, no retry',
    );
    assert.notEqual(calls[0]?.tx, calls[2]?.tx, 'the second run of K-2 is a new transaction');
    assert.deepEqual(await changes('K-'), { 'K-1': 1, 'K-2': 1, 'K-3': 1, 'K-OTHER': 0 });
    assert.equal(await s.messageCount(`${group}.retry.1`), 0, 'nothing went to a retry topic');
    assert.equal(await processedRows(group), 3);
  });

  it('sets the savepoint before each handler in one round trip and none after a rolled back one', async () => {
    const on = topic('savepoints');
    const group = `${s.group}.savepoints`;
    const calls: Call[] = [];
    const statements: string[] = [];
    const recorder: EntitySubscriberInterface = {
      beforeQuery: ({ query }) => {
        if (query.includes('SAVEPOINT')) statements.push(query);
      },
    };
    s.dataSource.subscribers.push(recorder);
    try {
      await publish(on, ['S-1', 'S-FAIL-2', 'S-3', 'S-FAIL-4', 'S-5']);
      const consumer = messaging.consumer(group).on(on, s.contracts.v1, async (bed: BedV1, ctx) => {
        await apply(calls, bed, ctx);
        if (bed.bedId.startsWith('S-FAIL')) throw new NonRetriableError(`${bed.bedId} refused`);
      });
      await messaging.provision([on]);
      await consumer.start();
      await until('every offset is committed', () => s.drained(group, on.name));
      await consumer.stop();
    } finally {
      s.dataSource.subscribers.splice(s.dataSource.subscribers.indexOf(recorder), 1);
    }

    assert.equal(new Set(calls.map((c) => c.tx)).size, 1, 'the batch is one transaction');
    assert.deepEqual(statements, [
      'SAVEPOINT message',
      'RELEASE SAVEPOINT message; SAVEPOINT message',
      'ROLLBACK TO SAVEPOINT message',
      'RELEASE SAVEPOINT message; SAVEPOINT message',
      'ROLLBACK TO SAVEPOINT message',
    ]);
    assert.deepEqual(await changes('S-'), { 'S-1': 1, 'S-3': 1, 'S-5': 1 });
    assert.equal(await s.messageCount(`${group}.dlq`), 2);
    assert.equal(await processedRows(group), 3);
  });

  it('handles a message delivered twice in one batch once', async () => {
    const on = topic('duplicate');
    const group = `${s.group}.duplicate`;
    const calls: Call[] = [];
    const [original] = await publish(on, ['D-1']);
    const [copy] = await s.readMessage(on.name, original ?? '');
    assert.ok(copy);
    const producer = s.kafka.producer();
    await producer.connect();
    await producer.send({
      topic: on.name,
      messages: [{ key: copy.key, value: copy.value, headers: copy.headers }],
    });
    await producer.disconnect();
    await publish(on, ['D-2']);
    const consumer = messaging
      .consumer(group)
      .on(on, s.contracts.v1, (bed: BedV1, ctx) => apply(calls, bed, ctx));
    await messaging.provision([on]);
    await consumer.start();
    await until('all three are committed', () => s.drained(group, on.name));
    await consumer.stop();

    assert.deepEqual(
      calls.map((c) => c.bedId),
      ['D-1', 'D-2'],
    );
    assert.equal(calls[0]?.tx, calls[1]?.tx, 'the copy came in the same transaction');
    assert.deepEqual(await changes('D-'), { 'D-1': 1, 'D-2': 1 });
    assert.equal(await processedRows(group), 2);
  });

  it('commits what came before an infrastructure failure, diverts nothing and reads the rest again', async () => {
    const on = topic('infrastructure');
    const group = `${s.group}.infrastructure`;
    const calls: Call[] = [];
    let outage = true;
    await publish(on, ['I-1', 'I-2', 'I-3', 'I-4']);
    const consumer = messaging
      .consumer(group, { retry: RETRY })
      .on(on, s.contracts.v1, async (bed: BedV1, ctx) => {
        await apply(calls, bed, ctx);
        if (bed.bedId === 'I-3' && outage) {
          outage = false;
          throw new InfrastructureUnavailableError('bed board registry unavailable');
        }
      });
    await messaging.provision([on]);
    await consumer.start();
    await until('all four are committed', async () =>
      calls.some((c) => c.bedId === 'I-4') ? s.drained(group, on.name) : false,
    );
    await consumer.stop();

    assert.deepEqual(
      calls.map((c) => [c.bedId, c.attempt]),
      [
        ['I-1', 1],
        ['I-2', 1],
        ['I-3', 1],
        ['I-3', 1],
        ['I-4', 1],
      ],
      'the messages before the failure are not handled again; the failed one is read again as it was',
    );
    assert.notEqual(calls[0]?.tx, calls[3]?.tx, 'the rest came in a new transaction');
    assert.deepEqual(await changes('I-'), { 'I-1': 1, 'I-2': 1, 'I-3': 1, 'I-4': 1 });
    assert.equal(await s.messageCount(`${group}.retry.1`), 0, 'nothing was retried');
    assert.equal(await s.messageCount(`${group}.dlq`), 0, 'nothing is dead');
    assert.equal(await processedRows(group), 4);
  });

  it('commits the offsets of a batch once its transaction committed, not message by message', async () => {
    const on = topic('offsets');
    const group = `${s.group}.offsets`;
    const calls: Call[] = [];
    const committedWhileOpen: boolean[] = [];
    await publish(on, ['O-1', 'O-2', 'O-3', 'O-4', 'O-5']);
    const admin = s.kafka.admin();
    await admin.connect();
    const committed = async (): Promise<string | undefined> => {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [on.name] });
      return offsets?.partitions[0]?.offset;
    };
    try {
      const consumer = messaging.consumer(group).on(on, s.contracts.v1, async (bed: BedV1, ctx) => {
        await apply(calls, bed, ctx);
        // Before the last message's handler returns, with four handled before it.
        if (bed.bedId === 'O-5') committedWhileOpen.push((await committed()) !== '-1');
      });
      await messaging.provision([on]);
      await consumer.start();
      await until('the batch is committed', () => s.drained(group, on.name));
      await consumer.stop();
      assert.equal(await committed(), '5');
    } finally {
      await admin.disconnect();
    }
    assert.equal(new Set(calls.map((c) => c.tx)).size, 1, 'one transaction');
    assert.deepEqual(committedWhileOpen, [false], 'no offset committed inside the batch');
  });

  it('runs a batch whose commit fails again one message per transaction, so the message at fault fails alone', async () => {
    const on = topic('commit');
    const group = `${s.group}.commit`;
    const calls: Call[] = [];
    // Checked at commit: a note on a bed that does not exist fails the transaction, not the INSERT.
    await s.dataSource.query(
      `CREATE TABLE bed_note (bed_id text NOT NULL REFERENCES bed (bed_id) DEFERRABLE INITIALLY DEFERRED)`,
    );
    const ids = await publish(on, ['C-1', 'C-ORPHAN', 'C-3']);
    const consumer = messaging
      .consumer(group, { retry: { ...RETRY, attempts: 1 } })
      .on(on, s.contracts.v1, async (bed: BedV1, ctx) => {
        if (bed.bedId === 'C-ORPHAN') {
          await ctx.manager.query("INSERT INTO bed_note (bed_id) VALUES ('C-NONE')");
          const [row] = await ctx.manager.query<{ tx: string }[]>(
            'SELECT txid_current()::text AS tx',
          );
          calls.push({ bedId: bed.bedId, attempt: ctx.attempt, tx: row?.tx ?? '' });
          return;
        }
        await apply(calls, bed, ctx);
      });
    await messaging.provision([on]);
    await consumer.start();
    const [dead] = await s.readMessage(`${group}.dlq`, ids[1] ?? '');
    await until('every offset is committed', () => s.drained(group, on.name));
    await consumer.stop();

    assert.ok(dead, 'the message at fault is dead-lettered');
    assert.equal(await s.messageCount(`${group}.dlq`), 1, 'it alone');
    assert.deepEqual(
      calls.map((c) => c.bedId),
      ['C-1', 'C-ORPHAN', 'C-3', 'C-1', 'C-ORPHAN', 'C-3'],
      'the batch, then each message alone',
    );
    assert.equal(new Set(calls.slice(3).map((c) => c.tx)).size, 3, 'a transaction each');
    assert.deepEqual(await changes('C-'), { 'C-1': 1, 'C-3': 1 });
    assert.equal(await processedRows(group), 2);
  });

  it('loses the whole transaction when the database goes away mid-batch, diverts nothing and reads the batch again', async () => {
    const on = topic('database');
    const group = `${s.group}.database`;
    const calls: Call[] = [];
    const proxy = await tcpProxy(new URL(s.db.url).host);
    await proxy.open();
    const dataSource = new DataSource({
      type: 'postgres',
      url: proxy.via(s.db.url),
      entities: MESSAGING_ENTITIES,
      extra: { max: 4 },
    });
    await dataSource.initialize();
    try {
      const service = await s.messaging('batches-db-spec', {
        dataSource,
        produces: [{ topic: on, records: [s.contracts.v1] }],
      });
      const ids = await publish(on, ['B-1', 'B-2', 'B-3']);
      let cut = false;
      const consumer = service
        .consumer(group, { retry: RETRY })
        .on(on, s.contracts.v1, async (bed: BedV1, ctx) => {
          await apply(calls, bed, ctx);
          if (bed.bedId === 'B-2' && !cut) {
            cut = true;
            await proxy.cut(); // the network to the database goes, and comes back
            setTimeout(() => void proxy.open(), 300);
          }
        });
      await service.provision([on]);
      await consumer.start();
      await until('the batch is committed', async () =>
        calls.some((c) => c.bedId === 'B-3') ? s.drained(group, on.name) : false,
      );
      await consumer.stop();

      assert.deepEqual(
        calls.map((c) => c.bedId),
        ['B-1', 'B-2', 'B-1', 'B-2', 'B-3'],
        'the lost transaction is read again from its first message',
      );
      assert.equal(
        new Set(calls.slice(2).map((c) => c.tx)).size,
        1,
        'and handled again as one batch',
      );
      assert.deepEqual(await changes('B-'), { 'B-1': 1, 'B-2': 1, 'B-3': 1 });
      assert.equal(await s.messageCount(`${group}.retry.1`), 0, 'nothing was retried');
      assert.equal(await s.messageCount(`${group}.dlq`), 0, 'nothing is dead');
      const processed = await s.dataSource.query<{ message_id: string }[]>(
        'SELECT message_id FROM messaging_processed_message WHERE consumer_group = $1',
        [group],
      );
      assert.deepEqual(processed.map((r) => r.message_id).sort(), [...ids].sort());
    } finally {
      await proxy.cut();
      await dataSource.destroy();
    }
  });
});
