import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../scripts/workspace.ts';

/** Runs the stack CLI as a user would, in a scratch home on ports nothing else uses. */
function stackCli(args: readonly string[], env: NodeJS.ProcessEnv): ReturnType<typeof spawnSync> {
  const home = mkdtempSync(join(tmpdir(), 'meridian-stack-'));
  try {
    return spawnSync(process.execPath, [join(ROOT, 'tools/stack/main.ts'), ...args], {
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'],
        MERIDIAN_HOME: home,
        KAFKA_PORT: '19092',
        KAFKA_CONTROLLER_PORT: '19093',
        SCHEMA_REGISTRY_PORT: '18081',
        POSTGRES_PORT: '15433',
        JAEGER_OTLP_GRPC_PORT: '14317',
        JAEGER_OTLP_HTTP_PORT: '14318',
        JAEGER_UI_PORT: '26686',
        KEYCLOAK_PORT: '18180',
        KEYCLOAK_MANAGEMENT_PORT: '19180',
        ...env,
      },
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('stack CLI', () => {
  it('refuses to start with JAVA_HOME pointing nowhere: one line naming JAVA_HOME, exit 1, nothing started', () => {
    const result = stackCli(['up'], { JAVA_HOME: '/nonexistent/jdk' });
    assert.equal(result.status, 1);
    const stderr = String(result.stderr).trim();
    assert.equal(stderr.split('\n').length, 1, `expected one line, got:\n${stderr}`);
    assert.match(stderr, /^stack: JAVA_HOME is set to \/nonexistent\/jdk, which has no bin\/java/);
    assert.doesNotMatch(String(result.stdout), /Starting/);
  });

  it('reports Jaeger and Keycloak beside the other components: status in an empty home lists them down, exit 3', () => {
    const result = stackCli(['status'], {});
    assert.equal(result.status, 3);
    const rows = String(result.stdout).trim().split('\n');
    assert.deepEqual(
      rows.map((row) => row.split(/\s+/).slice(0, 3)),
      [
        ['postgres', 'down', 'postgres://meridian@localhost:15433/meridian'],
        ['kafka', 'down', 'localhost:19092'],
        ['registry', 'down', 'http://localhost:18081/apis/ccompat/v7'],
        ['jaeger', 'down', 'http://localhost:26686'],
        ['keycloak', 'down', 'http://localhost:18180/realms/meridian'],
      ],
    );
  });

  it('rejects an unknown command with its usage and exit 2', () => {
    const result = stackCli(['sideways'], {});
    assert.equal(result.status, 2);
    assert.match(String(result.stderr), /usage: npm run stack -- up \| down \| status \| logs/);
  });
});
