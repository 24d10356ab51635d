import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, getInfra, type TestDatabase } from '@meridian/testing';
import { DataSource } from 'typeorm';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from './migrations.js';
import { purgeProcessedMessages, purgeSentOutbox } from './retention.js';

const DAY_MS = 86_400_000;

describe('retention of messaging rows (real PostgreSQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  before(async () => {
    db = await createTestDatabase(getInfra().databaseUrl, 'retention');
    dataSource = new DataSource({
      type: 'postgres',
      url: db.url,
      entities: MESSAGING_ENTITIES,
      migrations: MESSAGING_MIGRATIONS,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  after(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  /** An outbox row sent `sentDaysAgo` days ago (null: never sent), created 10 days ago. */
  const outboxRow = async (sentDaysAgo: number | null): Promise<string> => {
    const [row] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO messaging_outbox (message_id, topic, key, value, headers, record_name, created_at, published_at)
       VALUES ($1, 't', 'k', '\\x00'::bytea, '{}', 'r', now() - interval '10 days', $2) RETURNING id`,
      [randomUUID(), sentDaysAgo === null ? null : new Date(Date.now() - sentDaysAgo * DAY_MS)],
    );
    return String(row?.id);
  };
  const processedRow = async (daysAgo: number): Promise<string> => {
    const id = randomUUID();
    await dataSource.query(
      `INSERT INTO messaging_processed_message (consumer_group, message_id, topic, partition, "offset", processed_at)
       VALUES ('g', $1, 't', 0, 0, $2)`,
      [id, new Date(Date.now() - daysAgo * DAY_MS)],
    );
    return id;
  };

  it('deletes sent outbox rows older than the cutoff in batches, never an unsent one', async () => {
    for (const daysAgo of [9, 8, 8]) await outboxRow(daysAgo);
    const recent = await outboxRow(1);
    const unsent = await outboxRow(null);
    const cutoff = new Date(Date.now() - 7 * DAY_MS);

    assert.equal(await purgeSentOutbox(dataSource, cutoff, 2), 2);
    assert.equal(await purgeSentOutbox(dataSource, cutoff, 2), 1);
    assert.equal(await purgeSentOutbox(dataSource, cutoff, 2), 0);
    const left = await dataSource.query<{ id: string }[]>(
      'SELECT id FROM messaging_outbox ORDER BY id',
    );
    assert.deepEqual(
      left.map((r) => String(r.id)),
      [recent, unsent],
    );
  });

  it('deletes processed-message records older than the cutoff, keeping the recent ones', async () => {
    await processedRow(30);
    await processedRow(8);
    const recent = await processedRow(0);
    const cutoff = new Date(Date.now() - 7 * DAY_MS);

    assert.equal(await purgeProcessedMessages(dataSource, cutoff, 1), 1);
    assert.equal(await purgeProcessedMessages(dataSource, cutoff, 10), 1);
    const left = await dataSource.query<{ message_id: string }[]>(
      'SELECT message_id FROM messaging_processed_message',
    );
    assert.deepEqual(
      left.map((r) => r.message_id),
      [recent],
    );
  });
});
