// `node dist/main.js migrate` (the Helm chart's migration Job, the image's `migrate` argument):
// every service applies its migrations to an empty database and exits 0 without listening or
// touching Kafka; a second run finds nothing pending.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  builtServices,
  createTestDatabase,
  getInfra,
  spawnNode,
  workspaceRoot,
} from '@meridian/testing';
import type { TestDatabase } from '@meridian/testing';

/** Runs the migrate command; resolves with its exit code and the number it says it applied. */
async function migrate(
  service: string,
  databaseUrl: string,
): Promise<{ code: number | null; applied: number; output: string }> {
  const { child, readyLine } = await spawnNode(
    join(workspaceRoot(), 'services', service, 'dist', 'main.js'),
    {
      name: `${service} migrate`,
      args: ['migrate'],
      // Nowhere to reach: the command must not need Kafka or the registry.
      env: { DATABASE_URL: databaseUrl, KAFKA_BROKERS: '127.0.0.1:1', LOG_LEVEL: 'info' },
      ready: (line) => line.includes('migrations applied') || line.includes('migrations failed'),
    },
  );
  const exit = await child.exited;
  const applied = Number(/migrations applied: (\d+)/.exec(readyLine)?.[1] ?? -1);
  return { code: exit.code, applied, output: child.output() };
}

describe('the migrate command of every service', () => {
  const databases = new Map<string, TestDatabase>();
  before(async () => {
    for (const service of builtServices())
      databases.set(service, await createTestDatabase(getInfra().databaseUrl, 'migrate'));
  });
  after(async () => {
    await Promise.all([...databases.values()].map((db) => db.drop()));
  });

  test('finds the seven services built', () => {
    assert.ok(builtServices().length >= 7, builtServices().join(', '));
  });

  for (const service of builtServices()) {
    test(`${service}: applies its migrations, exits 0, and a second run applies none`, async () => {
      const db = databases.get(service);
      assert.ok(db);
      const first = await migrate(service, db.url);
      assert.equal(first.code, 0, first.output);
      assert.ok(first.applied > 0, first.output);
      const second = await migrate(service, db.url);
      assert.equal(second.code, 0, second.output);
      assert.equal(second.applied, 0, second.output);
    });
  }

  test('exits 1 naming the cause when the database cannot be reached', async () => {
    const [service] = builtServices();
    assert.ok(service);
    const result = await migrate(service, 'postgres://meridian@127.0.0.1:1/nowhere');
    assert.equal(result.code, 1);
    assert.match(result.output, /migrations failed/);
    assert.match(result.output, /ECONNREFUSED/);
  });
});
