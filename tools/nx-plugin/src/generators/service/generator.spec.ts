// The service generator's own logic on a virtual tree (the files it writes, the registrations,
// its refusals); the acceptance test (generators.int.spec.ts) builds, lints and runs the result.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import type { Tree } from '@nx/devkit';
import { readJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import serviceGenerator from './generator.ts';

const COMPOSE = `x-meridian-service: &meridian-service
  restart: unless-stopped

x-meridian-environment: &meridian-environment
  PORT: '8080'

services:
  kafka:
    image: apache/kafka:3.9.1
    ports:
      - '9092:9092'
  ward-sync:
    image: meridian/ward-sync:0.1.0
    ports:
      - '3005:8080'
      - '3006:3006'

volumes:
  kafka-data:
`;

const VALUES = `image:
  tag: ''

services:
  ward-sync:
    enabled: true
    env: {}

hooks:
  schemas: true
`;

const SERVICE_SCHEMA = { type: 'object', properties: { enabled: { type: 'boolean' } } };

/** A workspace with one service (ward-sync on 3005) and the files a service is registered in. */
function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  // Formatted as the workspace is: with prettier (the empty workspace comes with oxfmt's config).
  tree.delete('.oxfmtrc.json');
  tree.write('.prettierrc', JSON.stringify({ singleQuote: true, printWidth: 100 }));
  tree.write(
    'services/ward-sync/src/config/app.config.ts',
    "export const DEFAULTS = { name: SERVICE, port: 3005, database: 'ward_sync' } as const;\n",
  );
  tree.write('services/ward-sync/project.json', '{ "name": "ward-sync" }\n');
  tree.write(
    'schemas/topics.json',
    JSON.stringify({
      topics: [
        { name: 'clinical.encounter.v1', producers: ['ingest'], consumers: ['ward-sync'] },
        { name: 'audit.v1', producers: ['ingest', 'ward-sync'], consumers: ['observability'] },
      ],
    }),
  );
  tree.write(
    'tsconfig.build.json',
    JSON.stringify({
      files: [],
      references: [{ path: 'libs/contracts' }, { path: 'services/ward-sync' }, { path: 'e2e' }],
    }),
  );
  tree.write('deploy/compose/docker-compose.yml', COMPOSE);
  tree.write('deploy/compose/postgres-init.sql', 'CREATE DATABASE ward_sync;\n');
  tree.write('helm/meridian/values.yaml', VALUES);
  tree.write('helm/meridian/values-production.yaml', VALUES);
  tree.write(
    'helm/meridian/values.schema.json',
    JSON.stringify({
      properties: {
        services: {
          type: 'object',
          properties: {
            'ward-sync': SERVICE_SCHEMA,
            'encounter-ingest': { ...SERVICE_SCHEMA, properties: { mllp: {}, enabled: {} } },
          },
        },
      },
    }),
  );
  return tree;
}

describe('the service generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = workspace();
  });

  test('writes the service on the next free port, tagged with its domain, its database named after it', async () => {
    await serviceGenerator(tree, { name: 'pharmacy-dispense', domain: 'pharmacy' });
    const project = readJson<{ name: string; tags: string[] }>(
      tree,
      'services/pharmacy-dispense/project.json',
    );
    assert.deepEqual(
      [project.name, project.tags],
      ['pharmacy-dispense', ['type:service', 'scope:pharmacy']],
    );
    // 3006 is published by the compose file: the next free one is 3007.
    assert.match(
      tree.read('services/pharmacy-dispense/src/config/app.config.ts', 'utf-8') ?? '',
      /DEFAULTS = \{ name: SERVICE, port: 3007, database: 'pharmacy_dispense' \}/,
    );
    for (const file of [
      'src/main.ts',
      'src/app.module.ts',
      'src/database/migrations.ts',
      'src/encounters/encounter-events.controller.ts',
      'src/encounters/encounter-events.int.spec.ts',
      'README.md',
    ])
      assert.ok(tree.exists(`services/pharmacy-dispense/${file}`), file);
    assert.doesNotMatch(
      tree.read('services/pharmacy-dispense/src/app.module.ts', 'utf-8') ?? '',
      /<%/,
    );
  });

  test('every HTTP route of the generated controllers declares the roles that may call it', async () => {
    await serviceGenerator(tree, { name: 'pharmacy-dispense', domain: 'pharmacy' });
    const controller =
      tree.read('services/pharmacy-dispense/src/encounters/encounters.controller.ts', 'utf-8') ??
      '';
    const routes = controller.match(/@(Get|Post|Put|Patch|Delete)\(/g) ?? [];
    assert.ok(routes.length > 0, 'the example has routes');
    // Each route decorator is followed by its @Authorize with a non-empty list of roles.
    const authorized = controller.match(
      /@(Get|Post|Put|Patch|Delete)\([^)]*\)\s*@Authorize\(\[\s*'[a-z-]+'/g,
    );
    assert.equal(authorized?.length, routes.length, controller);
  });

  test('registers the service: build reference, compose container and database, Helm values and schema, topic consumer, audit producer', async () => {
    await serviceGenerator(tree, { name: 'pharmacy-dispense', domain: 'pharmacy', port: 3100 });
    const build = readJson<{ references: { path: string }[] }>(tree, 'tsconfig.build.json');
    assert.deepEqual(
      build.references.map((r) => r.path),
      ['libs/contracts', 'services/ward-sync', 'services/pharmacy-dispense', 'e2e'],
    );
    const compose = parse(tree.read('deploy/compose/docker-compose.yml', 'utf-8') ?? '') as {
      services: Record<string, { ports: string[]; environment: Record<string, string> }>;
      volumes: Record<string, unknown>;
    };
    assert.deepEqual(compose.services['pharmacy-dispense']?.ports, ['3100:8080']);
    assert.match(
      compose.services['pharmacy-dispense']?.environment['DATABASE_URL'] ?? '',
      /\/pharmacy_dispense$/,
    );
    assert.ok('kafka-data' in compose.volumes);
    assert.match(
      tree.read('deploy/compose/postgres-init.sql', 'utf-8') ?? '',
      /^CREATE DATABASE pharmacy_dispense;$/m,
    );
    for (const file of ['values.yaml', 'values-production.yaml']) {
      const values = parse(tree.read(`helm/meridian/${file}`, 'utf-8') ?? '') as {
        services: Record<string, { enabled: boolean }>;
        hooks: unknown;
      };
      assert.deepEqual(Object.keys(values.services), ['ward-sync', 'pharmacy-dispense'], file);
      assert.equal(values.services['pharmacy-dispense']?.enabled, true, file);
      assert.ok(values.hooks, file);
    }
    const schema = readJson<{ properties: { services: { properties: Record<string, unknown> } } }>(
      tree,
      'helm/meridian/values.schema.json',
    );
    assert.deepEqual(schema.properties.services.properties['pharmacy-dispense'], SERVICE_SCHEMA);
    const topics = readJson<{ topics: { producers: string[]; consumers: string[] }[] }>(
      tree,
      'schemas/topics.json',
    );
    assert.deepEqual(topics.topics[0]?.consumers, ['pharmacy-dispense', 'ward-sync']);
    assert.deepEqual(
      topics.topics[1]?.producers,
      ['ingest', 'pharmacy-dispense', 'ward-sync'],
      'a producer of audit.v1, as every service on the kit',
    );
  });

  test('refuses a name whose folder exists, naming the folder, and writes nothing', async () => {
    tree.write('services/pharmacy-dispense/notes.md', 'mine\n');
    await assert.rejects(
      serviceGenerator(tree, { name: 'pharmacy-dispense', domain: 'pharmacy' }),
      /services\/pharmacy-dispense already exists/,
    );
    assert.equal(tree.exists('services/pharmacy-dispense/project.json'), false);
  });

  test('refuses a port another service holds, naming that service', async () => {
    await assert.rejects(
      serviceGenerator(tree, { name: 'pharmacy-dispense', domain: 'pharmacy', port: 3005 }),
      /--port 3005 is taken by services\/ward-sync/,
    );
  });

  test('refuses a name or domain that is not lower-case kebab-case, naming the option', async () => {
    for (const [options, option] of [
      [{ name: 'PharmacyDispense', domain: 'pharmacy' }, '--name'],
      [{ name: 'pharmacy--dispense', domain: 'pharmacy' }, '--name'],
      [{ name: 'pharmacy-dispense', domain: 'Pharmacy' }, '--domain'],
      [{ name: 'pharmacy-dispense', domain: 'pharmacy', port: 80 }, '--port'],
    ] as const) {
      await assert.rejects(serviceGenerator(tree, options), new RegExp(`^Error: ${option}=`));
    }
    assert.equal(tree.exists('services/pharmacy-dispense'), false);
  });
});
