// The image contexts without a container engine: each is written outside the workspace (so Node
// cannot fall back on the workspace's node_modules), holds no devDependency, test or declaration,
// and its code really runs from there: every service applies its migrations to an empty database
// with `migrate`, then starts until it listens and stops with exit code 0 on SIGTERM; the tools
// context provisions the topics and registers the schemas.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { ROOT } from '../scripts/workspace.ts';
import { imageTargets, prepareContext, type ContextPlan } from './context.ts';

const { createTestDatabase, getInfra, listeningPort, purgeConsumerGroup, spawnNode, uniqueName } =
  await import('@meridian/testing');

const dir = mkdtempSync(join(tmpdir(), 'meridian-contexts-'));
const targets = imageTargets(ROOT);
const services = targets.filter((t) => t.kind === 'service');
const plans = new Map<string, ContextPlan>();
const appOf = (name: string): string => join(dir, name, 'app');
/** Services migrating and starting at once: a boot mostly waits (database, broker, registry). */
const BOOTS_AT_ONCE = 4;

/** The packages npm's lock file marks `dev`: reached only from devDependencies. */
function devOnly(): Set<string> {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return new Set(
    Object.entries(lock.packages).flatMap(([path, entry]) => (entry.dev ? [path] : [])),
  );
}

/** The service's `node --import <preload> dist/main.js [args]` from its context. */
async function runService(
  name: string,
  env: NodeJS.ProcessEnv,
  args: readonly string[],
  ready: (line: string) => boolean,
): ReturnType<typeof spawnNode> {
  const app = appOf(name);
  const preload = join(app, 'node_modules', '@meridian', 'telemetry', 'dist', 'preload.js');
  return spawnNode(join(app, 'services', name, 'dist', 'main.js'), {
    name: `${name} (image context)`,
    nodeArgs: ['--import', pathToFileURL(preload).href],
    args,
    env: { LOG_LEVEL: 'info', ...env },
    ready,
    readyTimeoutMs: 90_000,
  });
}

describe('image contexts', () => {
  before(() => {
    for (const target of targets)
      plans.set(target.name, prepareContext(ROOT, target, join(dir, target.name)));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('one per service folder, and the tools image', () => {
    assert.deepEqual(
      services.map((t) => t.name),
      spawnSync('ls', [join(ROOT, 'services')], { encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean),
    );
    assert.ok(targets.some((t) => t.kind === 'tools'));
  });

  test('hold no devDependency, test, declaration, source map or testing file', () => {
    const dev = devOnly();
    for (const tool of ['nx', 'eslint', 'prettier', 'testcontainers', 'playwright-core'])
      assert.ok(dev.has(`node_modules/${tool}`), `${tool} is a devDependency`);
    for (const [name, plan] of plans) {
      const leaked = plan.packages.filter((dir) => dev.has(dir));
      assert.deepEqual(leaked, [], `${name} carries packages only development needs`);
      // An optional peer of production packages, which no image code loads.
      assert.ok(!plan.packages.includes('node_modules/typescript'), `${name} carries typescript`);
      const notRuntime = [...plan.files.keys()].filter(
        (path) =>
          /\.spec\.[jt]s$|\.d\.ts$|\.map$|\.tsbuildinfo$/.test(path) ||
          /^(services\/[^/]+|node_modules\/@meridian\/[^/]+)\/dist\/(.*\/)?testing\//.test(path),
      );
      assert.deepEqual(notRuntime, [], `${name} carries files that are not runtime code`);
      assert.ok(!plan.workspacePackages.includes('@meridian/testing'), name);
    }
  });

  test("a service's image holds only what its code reaches", () => {
    const ingest = plans.get('encounter-ingest');
    const revenue = plans.get('revenue-cycle');
    assert.ok(ingest && revenue);
    // FHIR validation is encounter-ingest's alone; the HL7 library too.
    assert.ok(ingest.packages.includes('node_modules/@medplum/core'));
    assert.ok(!revenue.packages.some((p) => p.startsWith('node_modules/@medplum/')));
    assert.ok(ingest.workspacePackages.includes('@meridian/hl7'));
    assert.ok(!revenue.workspacePackages.includes('@meridian/hl7'));
    // TypeORM loads its driver itself: service-kit declares it, so it is there.
    assert.ok(revenue.packages.includes('node_modules/pg'));
  });

  // The services boot at the same time, a few at once: each on its own database and consumer
  // group, so they share nothing but the stack (one at a time took about 70 s of a CI run).
  describe('every service runs from its context', { concurrency: BOOTS_AT_ONCE }, () => {
    const infra = getInfra();
    const groups: string[] = [];
    after(async () => {
      for (const group of groups) await purgeConsumerGroup({ brokers: infra.kafkaBrokers, group });
    });

    for (const target of services) {
      test(`${target.name}: migrate on an empty database, then start, listen and stop cleanly`, async () => {
        const db = await createTestDatabase(infra.databaseUrl, 'image_ctx');
        try {
          const migrate = await runService(
            target.name,
            { DATABASE_URL: db.url },
            ['migrate'],
            (l) => /migrations (applied|failed)/.test(l),
          );
          const migrated = await migrate.child.exited;
          assert.equal(migrated.code, 0, migrate.child.output());
          assert.ok(Number(/applied: (\d+)/.exec(migrate.readyLine)?.[1]) > 0, migrate.readyLine);

          const group = uniqueName(`image_ctx_${target.name}`);
          groups.push(group);
          const service = await runService(
            target.name,
            {
              DATABASE_URL: db.url,
              PORT: '0',
              MLLP_PORT: '0',
              KAFKA_BROKERS: infra.kafkaBrokers.join(','),
              SCHEMA_REGISTRY_URL: infra.schemaRegistryUrl,
              KAFKA_CONSUMER_GROUP: group,
              OIDC_ISSUER: infra.oidcIssuer,
            },
            [],
            (line) => listeningPort(target.name, line) !== undefined,
          );
          const port = listeningPort(target.name, service.readyLine);
          const ready = await fetch(`http://127.0.0.1:${port}/health/live`);
          assert.equal(ready.status, 200);
          const exit = await service.child.stop();
          assert.deepEqual(exit, { code: 0, signal: null }, service.child.output());
        } finally {
          await db.drop();
        }
      });
    }

    test('migrate exits 1 naming the cause when the database cannot be reached', async () => {
      const [first] = services;
      assert.ok(first);
      const run = await runService(
        first.name,
        { DATABASE_URL: 'postgres://meridian@127.0.0.1:1/nowhere' },
        ['migrate'],
        (l) => /migrations (applied|failed)/.test(l),
      );
      assert.equal((await run.child.exited).code, 1);
      assert.match(run.readyLine, /migrations failed/);
      assert.match(run.child.output(), /ECONNREFUSED/);
    });
  });

  test('the tools context provisions the topics and registers the schemas', () => {
    const infra = getInfra();
    const tools = appOf('tools');
    const env = {
      ...process.env,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: infra.schemaRegistryUrl,
    };
    const topics = spawnSync(process.execPath, ['tools/topics/main.ts', 'provision'], {
      cwd: tools,
      env,
      encoding: 'utf8',
    });
    assert.equal(topics.status, 0, topics.stderr);
    assert.match(topics.stdout, /topics: \d+ created, \d+ grown, \d+ unchanged/);
    const schemas = spawnSync(process.execPath, ['tools/schemas/main.ts', 'register'], {
      cwd: tools,
      env,
      encoding: 'utf8',
    });
    assert.equal(schemas.status, 0, schemas.stderr);
    assert.match(schemas.stdout, /schemas register: 0 registered, \d+ unchanged/);
  });

  test("a breaking schema change fails the tools context's register (the upgrade gate) and stores nothing", async () => {
    const infra = getInfra();
    const subject = 'clinical.encounter.v1-health.meridian.clinical.EncounterDischarged';
    const versions = async (): Promise<unknown> =>
      (await fetch(`${infra.schemaRegistryUrl}/subjects/${subject}/versions`)).json();
    const before = await versions();
    assert.ok(Array.isArray(before) && before.length > 0, JSON.stringify(before));
    // A copy of the workspace's schemas where encounterId of EncounterDischarged becomes a long:
    // incompatible under FULL_TRANSITIVE with every registered version.
    const root = mkdtempSync(join(tmpdir(), 'meridian-breaking-'));
    try {
      cpSync(join(ROOT, 'schemas'), join(root, 'schemas'), { recursive: true });
      const file = join(root, 'schemas', 'clinical', 'EncounterDischarged.avsc');
      const schema = JSON.parse(readFileSync(file, 'utf8')) as {
        fields: { name: string; type: unknown }[];
      };
      const field = schema.fields.find((f) => f.name === 'encounterId');
      assert.ok(field);
      field.type = 'long';
      writeFileSync(file, JSON.stringify(schema, null, 2));
      const run = spawnSync(
        process.execPath,
        ['tools/schemas/main.ts', 'register', '--root', root],
        {
          cwd: appOf('tools'),
          env: { ...process.env, SCHEMA_REGISTRY_URL: infra.schemaRegistryUrl },
          encoding: 'utf8',
        },
      );
      assert.equal(run.status, 1, run.stdout);
      assert.match(
        run.stdout,
        /✗ clinical\.encounter\.v1-health\.meridian\.clinical\.EncounterDischarged: the registry refused it: Incompatible/,
      );
      assert.match(run.stdout, /schemas register: 0 registered, \d+ unchanged, 2 rejected/);
      const after = await versions();
      assert.deepEqual(after, before, 'the registry kept the versions it had');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
