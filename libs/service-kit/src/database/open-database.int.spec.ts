// Migrations under the advisory lock: replicas (and the Helm migration Job) opening one database at
// the same moment apply each pending migration exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, getInfra } from '@meridian/testing';
import type { TestDatabase } from '@meridian/testing';
import { DataSource } from 'typeorm';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { openDatabase } from './open-database.js';

/** Slow on purpose: without the lock, both openers would find it pending and run it. */
class CreateLedger1700000000001 implements MigrationInterface {
  name = 'CreateLedger1700000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE TABLE IF NOT EXISTS ledger (n serial PRIMARY KEY)');
    await q.query('SELECT pg_sleep(0.5)');
    await q.query('INSERT INTO ledger DEFAULT VALUES');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE ledger');
  }
}

class Fails1700000000002 implements MigrationInterface {
  name = 'Fails1700000000002';
  async up(q: QueryRunner): Promise<void> {
    await q.query('SELECT * FROM no_such_table');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('SELECT 1');
  }
}

const source = (url: string, migrations: MigrationInterface['constructor'][]): DataSource =>
  new DataSource({ type: 'postgres', url, migrations: migrations as never });

describe('openDatabase', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase(getInfra().databaseUrl, 'migrate_lock');
  });
  after(async () => {
    await db.drop();
  });

  test('applies a pending migration once when three replicas open the database together', async () => {
    const replicas = [0, 1, 2].map(() => source(db.url, [CreateLedger1700000000001]));
    try {
      const applied = await Promise.all(replicas.map((r) => openDatabase(r)));
      assert.deepEqual(
        applied.map((a) => a.length).sort(),
        [0, 0, 1],
        'one replica applied it, the others found nothing pending',
      );
      const [first] = replicas;
      assert.ok(first);
      const rows = await first.query<{ count: string }[]>('SELECT count(*) FROM ledger');
      assert.equal(rows[0]?.count, '1');
    } finally {
      await Promise.all(replicas.filter((r) => r.isInitialized).map((r) => r.destroy()));
    }
  });

  test('a failed migration rejects, closes the data source and releases the lock', async () => {
    const failing = source(db.url, [CreateLedger1700000000001, Fails1700000000002]);
    await assert.rejects(openDatabase(failing), /no_such_table/);
    assert.equal(failing.isInitialized, false);
    // The lock is free again: another opener is not blocked by the failed one.
    const next = source(db.url, [CreateLedger1700000000001]);
    try {
      assert.deepEqual(await openDatabase(next), []);
    } finally {
      await next.destroy();
    }
  });
});
