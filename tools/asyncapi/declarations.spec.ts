import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { Logger } from '@nestjs/common';
import { workTreeSource } from '../schemas/source.ts';
import { ROOT } from '../scripts/workspace.ts';
import type { Declarations } from './declarations.ts';
import { declarationsOf } from './declarations.ts';
import { loadRoles } from './document.ts';

/** Configurations that add topics to a service's declarations, beside its defaults. */
const FEATURE_ENV: Readonly<Record<string, readonly NodeJS.ProcessEnv[]>> = {
  'encounter-ingest': [{ HL7_NON_PRODUCTION: 'publish' }],
};

const services = readdirSync(join(ROOT, 'services')).sort();
const roles = loadRoles(workTreeSource(ROOT), services);

/** Per topic, the services that declare publishing to it, or consuming from it. */
function byTopic(
  declared: ReadonlyMap<string, Declarations>,
  side: keyof Declarations,
): Map<string, string[]> {
  const result = new Map<string, string[]>();
  for (const [service, d] of declared)
    for (const topic of d[side].keys()) result.set(topic, [...(result.get(topic) ?? []), service]);
  return result;
}

describe("schemas/topics.json's producers and consumers", () => {
  const declared = new Map<string, Declarations>();

  before(async () => {
    Logger.overrideLogger(false);
    for (const service of services) {
      const dir = join(ROOT, 'services', service);
      assert.ok(existsSync(join(dir, 'dist/app.module.js')), `${service} is not built`);
      const all = [{}, ...(FEATURE_ENV[service] ?? [])];
      const merged = {
        produces: new Map<string, Set<string>>(),
        consumes: new Map<string, Set<string>>(),
      };
      for (const env of all) {
        const d = await declarationsOf(dir, env);
        for (const side of ['produces', 'consumes'] as const)
          for (const [topic, records] of d[side])
            merged[side].set(topic, new Set([...(merged[side].get(topic) ?? []), ...records]));
      }
      declared.set(service, merged);
    }
  });

  test('name the services that publish to each topic, as their modules declare it', () => {
    const producers = byTopic(declared, 'produces');
    for (const [topic, role] of roles)
      assert.deepEqual(producers.get(topic)?.sort() ?? [], role.producers, topic);
    assert.deepEqual(
      [...producers.keys()].filter((t) => !roles.has(t)),
      [],
    );
  });

  test('name the services that consume each topic (@OnMessage handlers, the saga engine)', () => {
    const consumers = byTopic(declared, 'consumes');
    for (const [topic, role] of roles)
      assert.deepEqual(consumers.get(topic)?.sort() ?? [], role.consumers, topic);
    assert.deepEqual(
      [...consumers.keys()].filter((t) => !roles.has(t)),
      [],
    );
  });

  test('read the declarations themselves: a publish-only service consumes nothing', () => {
    assert.ok(declared.get('saga-orchestrator')?.consumes.get('saga.replies.v1')?.size);
    assert.equal(declared.get('encounter-ingest')?.consumes.size, 0);
    assert.ok(declared.get('encounter-ingest')?.produces.has('clinical.encounter.nonprod.v1'));
  });
});
