// The images, built and run with podman (runc, cgroupfs) against the running stack: one service
// image applies its migrations, answers /health/ready with the root file system read-only, no
// capabilities and user 10001, and exits 0 on `podman stop` (tini forwards SIGTERM); the tools
// image provisions the topics. Debian's podman, runc and debootstrap are installed when missing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../scripts/workspace.ts';
import { findTarget } from './context.ts';
import {
  buildImage,
  ensureBaseImage,
  ensureHostTools,
  podman,
  projectVersion,
  type BuiltImage,
} from './podman.ts';

const { createTestDatabase, freePort, getInfra, purgeConsumerGroup, uniqueName, until } =
  await import('@meridian/testing');

const SERVICE = 'workforce-sync';
/** How Kubernetes runs it (the chart's securityContext), as podman flags. */
const LOCKED_DOWN = [
  '--network=host',
  '--read-only',
  '--tmpfs=/tmp',
  '--cap-drop=ALL',
  '--security-opt=no-new-privileges',
];

interface ImageConfig {
  readonly User: string;
  readonly Entrypoint: readonly string[];
  readonly WorkingDir: string;
  readonly Labels: Readonly<Record<string, string>>;
  readonly Healthcheck?: unknown;
}

async function imageConfig(name: string): Promise<ImageConfig> {
  const [inspected] = JSON.parse(await podman(['image', 'inspect', name])) as {
    Config: ImageConfig;
  }[];
  assert.ok(inspected);
  return inspected.Config;
}

describe('images built and run with podman', { timeout: 900_000 }, () => {
  const infra = getInfra();
  const tag = `${projectVersion()}-test`;
  let service: BuiltImage;
  let tools: BuiltImage;
  const log = (line: string): void => console.log(`# ${line}`);

  before(async () => {
    ensureHostTools();
    const base = await ensureBaseImage(log);
    service = await buildImage(findTarget(ROOT, SERVICE), { base, tag, log: () => undefined });
    tools = await buildImage(findTarget(ROOT, 'tools'), { base, tag, log: () => undefined });
    log(
      `${service.name}: ${(service.sizeBytes / 1e6).toFixed(1)} MB, ${service.packages} packages`,
    );
  });
  after(async () => {
    await podman(['rmi', '--force', service.name, tools.name]).catch(() => undefined);
  });

  test('the service image runs as 10001 under tini, with OCI labels and no HEALTHCHECK', async () => {
    const config = await imageConfig(service.name);
    assert.equal(config.User, '10001:10001');
    assert.deepEqual(config.Entrypoint, [
      '/usr/bin/tini',
      '--',
      'node',
      '--import',
      '@meridian/telemetry/preload',
      'dist/main.js',
    ]);
    assert.equal(config.WorkingDir, `/app/services/${SERVICE}`);
    assert.equal(config.Labels['org.opencontainers.image.title'], `meridian/${SERVICE}`);
    assert.equal(config.Labels['org.opencontainers.image.version'], tag);
    assert.match(config.Labels['org.opencontainers.image.revision'] ?? '', /^[0-9a-f]{40}$/);
    assert.equal(config.Healthcheck, undefined);
    const node = await podman(['run', '--rm', '--entrypoint=node', service.name, '--version']);
    assert.equal(node.trim(), `v${process.versions.node}`);
    // Only production code: no TypeScript compiler, no test runner's helpers.
    const listing = await podman([
      'run',
      '--rm',
      '--entrypoint=/bin/sh',
      service.name,
      '-c',
      'ls /app/node_modules; ls /app/node_modules/@meridian',
    ]);
    assert.ok(!/^typescript$/m.test(listing) && !/^testing$/m.test(listing), listing);
    assert.ok(service.sizeBytes < 600e6, `${service.sizeBytes} bytes`);
  });

  test('migrates, becomes ready locked down, and exits 0 on podman stop', async () => {
    const db = await createTestDatabase(infra.databaseUrl, 'image_run');
    const group = uniqueName('image_run');
    const name = uniqueName('meridian_image_run');
    try {
      const migrated = await podman([
        'run',
        '--rm',
        ...LOCKED_DOWN,
        '-e',
        `DATABASE_URL=${db.url}`,
        service.name,
        'migrate',
      ]);
      assert.match(migrated, /migrations applied: [1-9]\d*/);
      const port = await freePort();
      await podman([
        'run',
        '--detach',
        `--name=${name}`,
        ...LOCKED_DOWN,
        '-e',
        `PORT=${port}`,
        '-e',
        `DATABASE_URL=${db.url}`,
        '-e',
        `KAFKA_BROKERS=${infra.kafkaBrokers.join(',')}`,
        '-e',
        `SCHEMA_REGISTRY_URL=${infra.schemaRegistryUrl}`,
        '-e',
        `KAFKA_CONSUMER_GROUP=${group}`,
        service.name,
      ]);
      await until(
        `${SERVICE} container /health/ready`,
        async () =>
          (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status ===
          200,
        90_000,
      );
      const user = await podman(['exec', name, 'id', '-u']);
      assert.equal(user.trim(), '10001');
      await podman(['stop', '--time=30', name]);
      const state = JSON.parse(await podman(['inspect', '--format', '{{json .State}}', name])) as {
        ExitCode: number;
      };
      assert.equal(state.ExitCode, 0, await podman(['logs', name]));
    } finally {
      await podman(['rm', '--force', name]).catch(() => undefined);
      await purgeConsumerGroup({ brokers: infra.kafkaBrokers, group });
      await db.drop();
    }
  });

  test('the tools image provisions the topics (the chart hook Job)', async () => {
    const output = await podman([
      'run',
      '--rm',
      ...LOCKED_DOWN,
      '-e',
      `KAFKA_BROKERS=${infra.kafkaBrokers.join(',')}`,
      tools.name,
      'tools/topics/main.ts',
      'provision',
    ]);
    assert.match(output, /topics: \d+ created, \d+ grown, \d+ unchanged/);
  });
});
