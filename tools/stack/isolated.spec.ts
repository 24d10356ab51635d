import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { adminUrl } from './postgres.ts';
import { isolatedConfig, slotPorts, sweepIsolatedStacks } from './isolated.ts';

describe('isolatedConfig', () => {
  it("puts every component on the slot's ports and in its own home, reusing the given distributions", () => {
    const config = isolatedConfig('/tmp/bench/11020', '/work/.meridian/dist', 11_020, {});
    assert.equal(config.home, '/tmp/bench/11020');
    assert.equal(config.dist, '/work/.meridian/dist');
    assert.equal(config.postgres.port, 11_020);
    assert.equal(config.kafka.port, 11_021);
    assert.equal(config.kafka.controllerPort, 11_022);
    assert.equal(config.registry.port, 11_023);
    assert.equal(config.registry.managementPort, 11_024);
    assert.equal(adminUrl(config), 'postgres://meridian@localhost:11020/meridian');
    assert.deepEqual(Object.values(slotPorts(11_020)), [11_020, 11_021, 11_022, 11_023, 11_024]);
  });

  it("ignores the caller's endpoints: an isolated stack never takes another stack as its own", () => {
    const config = isolatedConfig('/tmp/b', '/tmp/d', 11_000, {
      KAFKA_BROKERS: 'localhost:9092',
      SCHEMA_REGISTRY_URL: 'http://localhost:8081/apis/ccompat/v7',
      DATABASE_URL: 'postgres://meridian@localhost:5433/meridian',
      KAFKA_PORT: '9092',
      JAVA_HOME: '/opt/jdk',
    });
    assert.equal(config.kafka.external, undefined);
    assert.equal(config.registry.external, undefined);
    assert.equal(config.postgres.external, undefined);
    assert.equal(config.kafka.port, 11_001);
    assert.equal(config.javaHome, '/opt/jdk');
  });
});

describe('sweepIsolatedStacks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'meridian-isolated-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('removes the stacks whose owner is gone and leaves the running ones and fresh claims', async () => {
    const stack = (name: string, owner: number): string => {
      const home = join(dir, name);
      mkdirSync(join(home, 'data'), { recursive: true });
      writeFileSync(join(home, 'owner.pid'), String(owner));
      return home;
    };
    // A pid above the kernel's pid_max (4194304) belongs to no process.
    const orphan = stack('11000', 99_999_999);
    const mine = stack('11010', process.pid);
    const claiming = join(dir, '11020');
    mkdirSync(claiming);
    const lines: string[] = [];
    await sweepIsolatedStacks(dir, '/nonexistent/dist', (line) => lines.push(line));
    assert.equal(existsSync(orphan), false);
    assert.equal(existsSync(mine), true);
    assert.equal(existsSync(claiming), true, 'a slot being claimed (no owner file yet) stays');
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /11000/);
  });
});
