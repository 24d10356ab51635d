import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompatibilityMode, Subject } from './catalog.ts';
import { formatOutcome, formatRegisterSummary, registerSubjects } from './register.ts';
import type { RegistryClient } from './registry.ts';
import { RegistryError } from './registry.ts';

/** An in-memory registry that records every write. */
function fakeRegistry(
  initial: { config?: Record<string, string>; schemas?: Record<string, string[]> } = {},
) {
  const config = new Map(Object.entries(initial.config ?? {}));
  const schemas = new Map(Object.entries(initial.schemas ?? {}));
  const writes: string[] = [];
  const client: RegistryClient = {
    url: 'memory:',
    getCompatibility: async (s) => config.get(s),
    setCompatibility: async (s, mode) => {
      writes.push(`PUT /config/${s} ${mode}`);
      config.set(s, mode);
    },
    lookup: async (s, text) => {
      const index = schemas.get(s)?.indexOf(text) ?? -1;
      return index < 0 ? undefined : index + 1;
    },
    register: async (s, text) => {
      if (text.includes('"reject"'))
        throw new RegistryError('Incompatible artifact: [reject at /fields/0] (HTTP 409)', 409);
      writes.push(`POST /subjects/${s}/versions`);
      const list = schemas.get(s) ?? [];
      schemas.set(s, [...list, text]);
      return list.length + 1;
    },
    testCompatibility: async () => true,
    subjects: async () => [...schemas.keys()],
    versions: async (s) => (schemas.get(s) ?? []).map((_, i) => i + 1),
    version: async (s, v) => ({ version: v, id: v, schema: schemas.get(s)?.[v - 1] ?? '' }),
  };
  return { client, writes };
}

const subject = (
  name: string,
  field: string,
  mode: CompatibilityMode = 'FULL_TRANSITIVE',
): Subject => ({
  subject: name,
  topic: name.split('-')[0] ?? name,
  record: 'health.meridian.test.R',
  schema: { type: 'record', name: 'R', fields: [{ name: field, type: 'string' }] },
  mode,
});

describe('register', () => {
  it('sets the compatibility level before registering, only when the registry has another', async () => {
    const { client, writes } = fakeRegistry({ config: { 'b.v1-R': 'FULL_TRANSITIVE' } });
    const report = await registerSubjects([subject('a.v1-R', 'x'), subject('b.v1-R', 'y')], client);
    assert.deepEqual(writes, [
      'PUT /config/a.v1-R FULL_TRANSITIVE',
      'POST /subjects/a.v1-R/versions',
      'POST /subjects/b.v1-R/versions',
    ]);
    assert.equal(
      formatRegisterSummary(report),
      'schemas register: 2 registered, 0 unchanged, 1 compatibility levels set',
    );
  });

  it('changes nothing on a second run', async () => {
    const { client, writes } = fakeRegistry();
    const subjects = [subject('a.v1-R', 'x'), subject('b.v1-R', 'y', 'BACKWARD_TRANSITIVE')];
    await registerSubjects(subjects, client);
    writes.length = 0;
    const again = await registerSubjects(subjects, client);
    assert.deepEqual(writes, []);
    assert.equal(formatRegisterSummary(again), 'schemas register: 0 registered, 2 unchanged');
  });

  it('reports a rejection in one line naming the subject and goes on with the others', async () => {
    const { client } = fakeRegistry();
    const report = await registerSubjects(
      [subject('a.v1-R', 'reject'), subject('b.v1-R', 'y')],
      client,
    );
    assert.equal(report.rejected, 1);
    assert.equal(report.registered, 1);
    const [rejected] = report.outcomes;
    assert.equal(
      formatOutcome(rejected ?? assert.fail('no outcome')),
      '✗ a.v1-R: the registry refused it: Incompatible artifact: [reject at /fields/0] (HTTP 409) (compatibility unset -> FULL_TRANSITIVE)',
    );
  });
});
