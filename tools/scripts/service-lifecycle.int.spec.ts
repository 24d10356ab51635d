// How a service process ends, on the real stack: on its own when the process that started it is
// killed (-9: `npm start` or a test runner gone), and within SHUTDOWN_TIMEOUT_MS of SIGTERM even
// when its close takes longer. The service is observability (it only reads shared topics), with
// its own database and consumer group.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT } from './workspace.ts';

const { createTestDatabase, getInfra, listeningPort, spawnNode, startServiceProcess, uniqueName } =
  await import('@meridian/testing');

const SERVICE = 'observability';
const script = join(ROOT, 'services', SERVICE, 'dist', 'main.js');

/** Whether `pid` still runs: not gone, and not a zombie waiting for PID 1 to reap it. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A parent that starts the service with its output inherited, then only waits. */
const PARENT = `
import { spawn } from 'node:child_process';
spawn(process.execPath, [${JSON.stringify(script)}], { stdio: ['ignore', 'inherit', 'inherit'] });
setInterval(() => undefined, 60_000);
`;

describe('a service process ends with its parent and within its shutdown deadline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-lifecycle-'));
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const env = (): NodeJS.ProcessEnv => ({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: getInfra().kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: getInfra().schemaRegistryUrl,
    KAFKA_CONSUMER_GROUP: uniqueName('lifecycle'),
    PORT: '0',
  });

  before(async () => {
    database = await createTestDatabase(getInfra().databaseUrl, 'lifecycle');
  });
  after(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('kill -9 of the process that started it: the service stops by itself', async () => {
    const parentScript = join(dir, 'parent.mjs');
    writeFileSync(parentScript, PARENT);
    const { child: parent, readyLine } = await spawnNode(parentScript, {
      name: 'parent of observability',
      env: env(),
      ready: (line) => listeningPort(SERVICE, line) !== undefined,
      readyTimeoutMs: 90_000,
    });
    const servicePid = (JSON.parse(readyLine) as { pid: number }).pid;
    assert.notEqual(servicePid, parent.pid);
    // The parent's output pipes are the service's too: they close once the service is gone.
    const exit = await parent.kill('SIGKILL');
    assert.equal(exit.signal, 'SIGKILL');
    assert.equal(running(servicePid), false);
    assert.match(parent.output(), /the process that started this service is gone; stopping/);
    assert.match(parent.output(), /"msg":"observability listening"/);
  });

  test('a stop longer than SHUTDOWN_TIMEOUT_MS ends with exit code 1 and says so', async () => {
    const service = await startServiceProcess(SERVICE, {
      databaseUrl: database.url,
      env: { ...env(), SHUTDOWN_TIMEOUT_MS: '1' },
    });
    const exit = await service.stop();
    assert.equal(exit.code, 1, service.output());
    assert.match(service.output(), /shutdown took over 1 ms; exiting/);
  });

  test('with the default deadline the same stop ends with exit code 0', async () => {
    const service = await startServiceProcess(SERVICE, {
      databaseUrl: database.url,
      env: env(),
    });
    const exit = await service.stop();
    assert.equal(exit.code, 0, service.output());
    assert.doesNotMatch(service.output(), /shutdown took over/);
  });
});
