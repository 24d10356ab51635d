// The images, built and run with podman (runc, cgroupfs) against the running stack: one service
// image applies its migrations, answers /health/ready with the root file system read-only, no
// capabilities and user 10001, checks bearer tokens against the stack's issuer, and exits 0 on
// `podman stop` (tini forwards SIGTERM); the tools
// image provisions the topics; and the Helm chart's own Deployment of that service, rendered by
// helm, runs under `podman kube play`. Debian's podman, runc and debootstrap are installed when
// missing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { render, type Manifest } from '../helm/chart.ts';
import { ensureHelm } from '../helm/setup.ts';
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

const {
  createTestDatabase,
  freePort,
  getInfra,
  purgeConsumerGroup,
  SERVICE_NODE_ARGS,
  uniqueName,
  until,
  withBearer,
} = await import('@meridian/testing');

const SERVICE = 'workforce-sync';
/** A route of SERVICE that takes a bearer token (bed-manager or admin). */
const GUARDED_PATH = '/bed-board';

/**
 * The service at `port` refuses a call without a token (401) and takes the harness' token (200):
 * it reaches the stack's issuer and verifies the token's signature, issuer and audience.
 */
async function checksTokens(port: number): Promise<void> {
  const url = `http://127.0.0.1:${port}${GUARDED_PATH}`;
  assert.equal((await fetch(url)).status, 401, `${GUARDED_PATH} without a token`);
  const allowed = await fetch(url, await withBearer());
  assert.equal(allowed.status, 200, `${GUARDED_PATH} with a token: ${await allowed.text()}`);
}
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
    // The same node options as npm start, the tests and the benchmarks.
    assert.deepEqual(config.Entrypoint, [
      '/usr/bin/tini',
      '--',
      'node',
      ...SERVICE_NODE_ARGS,
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
        '-e',
        `OIDC_ISSUER=${infra.oidcIssuer}`,
        service.name,
      ]);
      await until(
        `${SERVICE} container /health/ready`,
        async () =>
          (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status ===
          200,
        90_000,
      );
      await checksTokens(port);
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

  test("the chart's Deployment of the service runs under podman kube play", async () => {
    const helm = await ensureHelm(log);
    const manifests = await render(helm, {
      set: {
        'image.tag': tag,
        'kafka.brokers': infra.kafkaBrokers.join(','),
        'schemaRegistry.url': infra.schemaRegistryUrl,
        'auth.oidcIssuer': infra.oidcIssuer,
      },
    });
    const find = (kind: string, name: string): Manifest => {
      const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
      assert.ok(found, `${kind} ${name} rendered`);
      return found;
    };
    const configMap = find('ConfigMap', 'meridian');
    const deployment = structuredClone(find('Deployment', `meridian-${SERVICE}`)) as Manifest & {
      spec: { template: { spec: { containers: Record<string, unknown>[] } } };
    };
    const [container] = deployment.spec.template.spec.containers;
    assert.ok(container);
    const db = await createTestDatabase(infra.databaseUrl, 'image_kube');
    const group = uniqueName('image_kube');
    const secret = uniqueName('meridian_database_urls');
    const port = await freePort();
    // What podman cannot do on the host network, changed here and only here: no port mappings
    // (the pod shares the host's ports), a free PORT, this run's consumer group, and the database
    // URL from a podman secret of this run (kube play reads secretKeyRef from podman secrets).
    delete container['ports'];
    const env = (container['env'] as { name: string; value?: string; valueFrom?: unknown }[]).map(
      (variable) =>
        variable.name === 'PORT'
          ? { name: 'PORT', value: String(port) }
          : variable.name === 'DATABASE_URL'
            ? { name: 'DATABASE_URL', valueFrom: { secretKeyRef: { name: secret, key: SERVICE } } }
            : variable,
    );
    container['env'] = [...env, { name: 'KAFKA_CONSUMER_GROUP', value: group }];
    const dir = mkdtempSync(join(tmpdir(), 'meridian-kube-'));
    const files = {
      deployment: join(dir, 'deployment.yaml'),
      configMap: join(dir, 'configmap.yaml'),
      secret: join(dir, 'secret.json'),
    };
    writeFileSync(files.deployment, stringify(deployment));
    writeFileSync(files.configMap, stringify(configMap));
    writeFileSync(
      files.secret,
      JSON.stringify({ [SERVICE]: Buffer.from(db.url).toString('base64') }),
    );
    try {
      await podman(['secret', 'create', secret, files.secret]);
      await podman([
        'kube',
        'play',
        '--network=host',
        `--configmap=${files.configMap}`,
        files.deployment,
      ]);
      await until(
        `${SERVICE} under kube play /health/ready`,
        async () =>
          (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status ===
          200,
        90_000,
      );
      await checksTokens(port);
      const name = `meridian-${SERVICE}-pod-0-${SERVICE}`;
      const config = JSON.parse(
        await podman(['inspect', '--format', '{{json .HostConfig}}', name]),
      ) as { ReadonlyRootfs: boolean; CapDrop: string[] };
      assert.equal(config.ReadonlyRootfs, true, 'readOnlyRootFilesystem');
      assert.ok(config.CapDrop.includes('CAP_NET_RAW'), 'capabilities dropped');
      assert.equal((await podman(['exec', name, 'id', '-u'])).trim(), '10001');
    } finally {
      await podman(['kube', 'down', files.deployment]).catch(() => undefined);
      await podman(['secret', 'rm', secret]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      await purgeConsumerGroup({ brokers: infra.kafkaBrokers, group });
      await db.drop();
    }
  });
});
