import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { createScratch, until, type Scratch } from '../testing/scratch.js';
import { OUTBOX_CHANNEL } from './outbox.listener.js';
import { OutboxRelay } from './outbox.relay.js';
/** Far beyond every wait below: a row sent within them was not found by the fallback poll. */
const NEVER = 10 * 60_000;

/** Backend pids of relays' LISTEN connections on the scratch database, once listening. */
async function listeners(s: Scratch): Promise<number[]> {
  const rows = await s.dataSource.query<{ pid: number }[]>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1 AND state = 'idle'",
    [`LISTEN ${OUTBOX_CHANNEL}`],
  );
  return rows.map((r) => r.pid);
}

async function unpublished(s: Scratch): Promise<number> {
  const [row] = await s.dataSource.query<{ n: number }[]>(
    'SELECT count(*)::int AS n FROM messaging_outbox WHERE published_at IS NULL',
  );
  return row?.n ?? -1;
}

/** Outbox rows written by plain SQL: no notification, so only a nudge or a poll finds them. */
async function insertSilently(s: Scratch, topic: string, keys: readonly string[]): Promise<void> {
  await s.dataSource.query(
    `INSERT INTO messaging_outbox (message_id, topic, key, value, headers, record_name)
     SELECT gen_random_uuid(), $1, k, convert_to(k, 'UTF8'), '{}', 'test' FROM unnest($2::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n`,
    [topic, keys],
  );
}

/** A producer that records the keys of every sendBatch (in call order) and sends nothing. */
function recordingProducer(gate?: (call: number) => Promise<void>): {
  producer: Producer;
  batches: string[][];
} {
  const batches: string[][] = [];
  const producer = {
    sendBatch: async (batch: Parameters<Producer['sendBatch']>[0]) => {
      batches.push(
        (batch.topicMessages ?? []).flatMap((t) => t.messages.map((m) => String(m.key))),
      );
      await gate?.(batches.length);
      return [];
    },
  } as unknown as Producer;
  return { producer, batches };
}

/** The DataSource, counting the relay's transactions (one per turn) started and finished. */
function countingTurns(dataSource: DataSource): {
  dataSource: DataSource;
  started: () => number;
  finished: () => number;
} {
  let started = 0;
  let finished = 0;
  const counting = Object.create(dataSource, {
    transaction: {
      value: (...args: Parameters<DataSource['transaction']>) => {
        started += 1;
        const turn = Reflect.apply(dataSource.transaction, dataSource, args) as Promise<unknown>;
        return turn.finally(() => (finished += 1));
      },
    },
  }) as DataSource;
  return { dataSource: counting, started: () => started, finished: () => finished };
}

describe('outbox relay wake-ups', () => {
  let s: Scratch;

  before(async () => {
    s = await createScratch('relay');
    await s.register(s.contracts.v1);
  });
  after(() => s.cleanup());

  it('relays a row another process committed, woken by its notification alone (fallback poll 10 min)', async () => {
    const messaging = await s.messaging('relay-listens', { outbox: { fallbackPollMs: NEVER } });
    await messaging.provision([s.topic]);
    messaging.relay.start();
    await until('the relay listens', async () => (await listeners(s)).length === 1);

    // Another process commits a state change with its outbox message and dies (no nudge here).
    const { output } = await s.commitInAnotherProcess();
    assert.equal(output, 'committed');

    const [message] = await s.readAll(s.topic.name, 1);
    assert.equal(message?.key?.toString(), '6S');
    await until('the row is marked published', async () => (await unpublished(s)) === 0);
    await messaging.relay.stop();
    assert.deepEqual(await listeners(s), [], 'a stopped relay closes its LISTEN connection');
  });

  it('listens again after its connection is terminated and relays what commits next', async () => {
    const topic = s.freshTopic('relisten', [s.contracts.v1]);
    await s.register(s.contracts.v1, topic);
    const messaging = await s.messaging('relay-relistens', {
      outbox: { fallbackPollMs: NEVER },
      produces: [{ topic, records: [s.contracts.v1] }],
    });
    await messaging.provision([topic]);
    messaging.relay.start();
    await until('the relay listens', async () => (await listeners(s)).length === 1);
    const [killed] = await listeners(s);
    await s.dataSource.query('SELECT pg_terminate_backend($1)', [killed]);
    await until('the relay listens on a new connection', async () => {
      const now = await listeners(s);
      return now.length === 1 && now[0] !== killed;
    });

    // publish (unlike transaction) does not nudge: only the notification at commit wakes the relay.
    const messageId = await s.dataSource.transaction((manager) =>
      messaging.outbox.publish(
        manager,
        topic,
        s.contracts.v1,
        { bedId: '7N-01', status: 'OCCUPIED' },
        { key: '7N' },
      ),
    );
    const copies = await s.readMessage(topic.name, messageId);
    assert.equal(copies.length, 1);
    await messaging.relay.stop();
  });

  it('keeps a nudge that arrives while a batch is in flight: what was written meanwhile goes next, as one batch', async () => {
    let release: () => void = () => undefined;
    let inFlight: () => void = () => undefined;
    const sending = new Promise<void>((resolve) => (inFlight = resolve));
    const { producer, batches } = recordingProducer(async (call) => {
      if (call !== 1) return;
      inFlight();
      await new Promise<void>((resolve) => (release = resolve));
    });
    const turns = countingTurns(s.dataSource);
    const relay = new OutboxRelay({
      dataSource: turns.dataSource,
      producer,
      logger: s.logger,
      fallbackPollMs: NEVER,
    });
    relay.start();
    // Idle: listening (the wake that follows LISTEN is handled by then) and no turn running.
    await until(
      'the relay listens and is idle',
      async () =>
        (await listeners(s)).length === 1 &&
        turns.started() >= 1 &&
        turns.started() === turns.finished(),
    );
    const idleTurns = turns.started();

    await insertSilently(s, s.topic.name, ['first']);
    relay.nudge();
    await sending;
    await insertSilently(s, s.topic.name, ['second', 'third']);
    relay.nudge();
    release();

    await until('every row is marked published', async () => (await unpublished(s)) === 0);
    await relay.stop();
    assert.deepEqual(batches, [['first'], ['second', 'third']]);
    assert.equal(turns.started(), idleTurns + 2, 'one turn per nudge, no poll');
  });

  it('lets relays of one database take turns: every row sent once, in order', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `row-${String(i).padStart(3, '0')}`);
    await insertSilently(s, s.topic.name, keys);
    const { producer, batches } = recordingProducer();
    const relays = [1, 2, 3].map(
      () => new OutboxRelay({ dataSource: s.dataSource, producer, logger: s.logger, batchSize: 7 }),
    );
    await Promise.all(
      relays.map(async (relay) => {
        while ((await unpublished(s)) > 0) await relay.relayOnce();
      }),
    );
    assert.deepEqual(batches.flat(), keys);
    assert.ok(
      batches.every((batch) => batch.length <= 7),
      'no batch over the batch size',
    );
  });
});
