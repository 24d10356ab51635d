// Against the real registry (the local stack, or SCHEMA_REGISTRY_URL): registration is idempotent,
// Apicurio's ccompat behaviour is what registry.ts says, and the registry's compatibility verdicts
// equal compatibility.ts's. Every subject is unique to the run and deleted afterwards.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { ROOT } from '../scripts/workspace.ts';
import type { AvroJson, AvroObject } from '@meridian/contracts';
import type { CompatibilityMode, Subject } from './catalog.ts';
import { checkCompatibility } from './compatibility.ts';
import { formatOutcome, formatRegisterSummary, registerSubjects, schemaText } from './register.ts';
import { DEFAULT_REGISTRY_TIMEOUT_MS, createRegistryClient, registryUrl } from './registry.ts';

const url = registryUrl(process.env, ROOT);
const registry = createRegistryClient({ url });
/** The client's deadline for this file's own requests to the native API too. */
const deadline = (): AbortSignal => AbortSignal.timeout(DEFAULT_REGISTRY_TIMEOUT_MS);
/** Apicurio's own API next to its ccompat one, for the ids behind the ccompat ids. */
const nativeUrl = url.replace(/\/apis\/ccompat\/v7$/, '/apis/registry/v3');
const isApicurio = nativeUrl !== url;

const RUN = `test.schemas-${randomUUID().slice(0, 8)}`;
const created = new Set<string>();
const subjectName = (label: string): string => {
  const name = `${RUN}.${label}.v1-health.meridian.test.Probe`;
  created.add(name);
  return name;
};

/** Soft then permanent delete (the Confluent API's two steps); a subject already gone is fine. */
async function deleteSubject(subject: string): Promise<void> {
  for (const suffix of ['', '?permanent=true']) {
    const response = await fetch(`${url}/subjects/${encodeURIComponent(subject)}${suffix}`, {
      method: 'DELETE',
      signal: deadline(),
    });
    if (!response.ok && response.status !== 404) {
      throw new Error(`DELETE ${subject}${suffix}: ${response.status} ${await response.text()}`);
    }
  }
}
after(async () => {
  for (const subject of created) await deleteSubject(subject);
});

const NS = 'health.meridian.test';
const field = (name: string, type: AvroJson, extra: AvroObject = {}): AvroObject => ({
  name,
  type,
  ...extra,
});
const probe = (fields: AvroJson[], extra: AvroObject = {}): AvroObject => ({
  type: 'record',
  name: 'Probe',
  namespace: NS,
  fields,
  ...extra,
});
const subjectOf = (label: string, schema: AvroObject, mode: CompatibilityMode): Subject => {
  const subject = subjectName(label);
  return { subject, topic: subject.split('-')[0] ?? subject, record: `${NS}.Probe`, schema, mode };
};

async function nativeVersion(
  subject: string,
  version: number,
): Promise<{ globalId: number; contentId: number }> {
  const response = await fetch(
    `${nativeUrl}/groups/default/artifacts/${encodeURIComponent(subject)}/versions/${version}`,
    { signal: deadline() },
  );
  assert.equal(response.status, 200, `native metadata of ${subject} v${version}`);
  return (await response.json()) as { globalId: number; contentId: number };
}

describe('schemas register against the real registry', () => {
  it('registers each subject once; a second run registers nothing and changes no compatibility level', async () => {
    const subjects = [
      subjectOf('idempotent-a', probe([field('encounterId', 'string')]), 'FULL_TRANSITIVE'),
      subjectOf('idempotent-b', probe([field('poNumber', 'string')]), 'BACKWARD_TRANSITIVE'),
    ];
    const first = await registerSubjects(subjects, registry);
    assert.equal(
      formatRegisterSummary(first),
      'schemas register: 2 registered, 0 unchanged, 2 compatibility levels set',
    );
    const second = await registerSubjects(subjects, registry);
    assert.equal(formatRegisterSummary(second), 'schemas register: 0 registered, 2 unchanged');
    assert.deepEqual(
      second.outcomes.map((o) => o.id),
      first.outcomes.map((o) => o.id),
    );
    for (const subject of subjects) {
      assert.deepEqual(await registry.versions(subject.subject), [1]);
      assert.equal(await registry.getCompatibility(subject.subject), subject.mode);
    }
  });

  it('registers a compatible change as a new version and reports a rejected one with the subject and the registry message', async () => {
    const v1 = subjectOf('evolve', probe([field('encounterId', 'string')]), 'FULL_TRANSITIVE');
    await registerSubjects([v1], registry);
    const compatibleChange = {
      ...v1,
      schema: probe([
        field('encounterId', 'string'),
        field('ward', ['null', 'string'], { default: null }),
      ]),
    };
    const second = await registerSubjects([compatibleChange], registry);
    assert.equal(second.registered, 1);
    assert.deepEqual(await registry.versions(v1.subject), [1, 2]);

    const breaking = {
      ...v1,
      schema: probe([field('encounterId', 'string'), field('payerId', 'string')]),
    };
    const third = await registerSubjects([breaking], registry);
    assert.equal(third.rejected, 1);
    const line = formatOutcome(third.outcomes[0] ?? assert.fail('no outcome'));
    assert.match(
      line,
      new RegExp(
        `^✗ ${v1.subject.replace(/\./g, '\\.')}: the registry refused it: Incompatible artifact: .* \\(HTTP 409\\)$`,
      ),
    );
    assert.match(line, /payerId/, 'the registry message names the field');
    assert.deepEqual(await registry.versions(v1.subject), [1, 2]);
  });
});

describe(
  'Apicurio ccompat behaviour the CLI relies on',
  { skip: !isApicurio && 'not an Apicurio registry' },
  () => {
    const text = JSON.stringify(probe([field('encounterId', 'string')]));

    it('answers with the contentId, shared by identical text under two subjects, not the globalId', async () => {
      const a = subjectName('ids-a');
      const b = subjectName('ids-b');
      const idA = await registry.register(a, text, 'NONE');
      const idB = await registry.register(b, text, 'NONE');
      assert.equal(idA, idB);
      const [metaA, metaB] = [await nativeVersion(a, 1), await nativeVersion(b, 1)];
      assert.equal(metaA.contentId, idA);
      assert.equal(metaB.contentId, idB);
      assert.notEqual(metaA.globalId, metaB.globalId, 'each version has its own globalId');
    });

    it('finds identical text by lookup with the same id, and registering it again adds no version', async () => {
      const subject = subjectName('lookup');
      const id = await registry.register(subject, text, 'NONE');
      assert.equal(await registry.lookup(subject, text), id);
      assert.equal(await registry.register(subject, text, 'NONE'), id);
      assert.deepEqual(await registry.versions(subject), [1]);
      assert.equal(await registry.lookup(subjectName('lookup-unknown'), text), undefined);
    });

    it('stores text byte for byte but matches whitespace, key order and doc changes to the existing version', async () => {
      const subject = subjectName('canonical');
      const spaced = JSON.stringify(JSON.parse(text), null, 2);
      const id = await registry.register(subject, spaced, 'NONE');
      const stored = await fetch(`${nativeUrl}/ids/contentIds/${id}`, { signal: deadline() });
      assert.equal(await stored.text(), spaced, 'the native API returns the uploaded bytes');
      assert.notEqual(
        await registry.register(subjectName('canonical-other'), text, 'NONE'),
        id,
        'other bytes, other contentId',
      );

      const reordered = JSON.stringify({
        fields: [{ type: 'string', name: 'encounterId' }],
        namespace: NS,
        name: 'Probe',
        type: 'record',
      });
      const documented = JSON.stringify(
        probe([field('encounterId', 'string', { doc: 'Visit number.' })], { doc: 'A probe.' }),
      );
      for (const variant of [text, reordered, documented]) {
        assert.equal(await registry.lookup(subject, variant), id);
        assert.equal(await registry.register(subject, variant, 'NONE'), id);
      }
      assert.deepEqual(await registry.versions(subject), [1], 'no variant became a version');

      const fieldsSwapped = probe([
        field('b', 'int', { default: 0 }),
        field('encounterId', 'string'),
      ]);
      const withDefault = probe([field('encounterId', 'string', { default: '' })]);
      for (const different of [withDefault, fieldsSwapped]) {
        assert.equal(await registry.lookup(subject, JSON.stringify(different)), undefined);
      }
    });

    it('keeps a per-subject compatibility level, settable before the subject exists', async () => {
      const subject = subjectName('config');
      assert.equal(
        await registry.getCompatibility(subject),
        undefined,
        'no config, no versions: 404',
      );
      await registry.setCompatibility(subject, 'FULL_TRANSITIVE');
      assert.equal(await registry.getCompatibility(subject), 'FULL_TRANSITIVE');
      await registry.setCompatibility(subject, 'BACKWARD');
      assert.equal(await registry.getCompatibility(subject), 'BACKWARD');
      await registry.register(subject, text, 'BACKWARD');
      assert.equal(await registry.getCompatibility(subject), 'BACKWARD');
    });
  },
);

// [label, earlier schema, proposed schema]
const enumOf = (symbols: string[], extra: AvroObject = {}): AvroObject => ({
  type: 'enum',
  name: 'Status',
  namespace: NS,
  symbols,
  ...extra,
});
const a = field('encounterId', 'string');
const CORPUS: readonly (readonly [string, AvroObject, AvroObject])[] = [
  ['field added without default', probe([a]), probe([a, field('payerId', 'string')])],
  [
    'optional field added',
    probe([a]),
    probe([a, field('payerId', ['null', 'string'], { default: null })]),
  ],
  ['field without default removed', probe([a, field('ward', 'string')]), probe([a])],
  ['field with default removed', probe([a, field('ward', 'string', { default: '' })]), probe([a])],
  ['int widened to long', probe([field('n', 'int')]), probe([field('n', 'long')])],
  ['string changed to int', probe([field('n', 'string')]), probe([field('n', 'int')])],
  ['string changed to bytes', probe([field('n', 'string')]), probe([field('n', 'bytes')])],
  [
    'enum symbol added, no default',
    probe([field('s', enumOf(['A', 'B']))]),
    probe([field('s', enumOf(['A', 'B', 'C']))]),
  ],
  [
    'enum symbol added, enum default',
    probe([field('s', enumOf(['A', 'U'], { default: 'U' }))]),
    probe([field('s', enumOf(['A', 'U', 'C'], { default: 'U' }))]),
  ],
  [
    'plain field made optional',
    probe([a]),
    probe([field('encounterId', ['null', 'string'], { default: null })]),
  ],
  [
    'union branch removed',
    probe([field('v', ['null', 'string', 'int'])]),
    probe([field('v', ['null', 'string'])]),
  ],
  [
    'record renamed with alias',
    probe([a]),
    probe([a], { name: 'Probe2', aliases: [`${NS}.Probe`] }),
  ],
  ['namespace moved', probe([a]), probe([a], { namespace: 'health.meridian.other' })],
  [
    'fixed size changed',
    probe([field('h', { type: 'fixed', name: 'Hash', size: 16 })]),
    probe([field('h', { type: 'fixed', name: 'Hash', size: 32 })]),
  ],
  [
    'array items widened',
    probe([field('l', { type: 'array', items: 'int' })]),
    probe([field('l', { type: 'array', items: 'double' })]),
  ],
  [
    'logical type changed',
    probe([field('t', { type: 'long', logicalType: 'timestamp-millis' })]),
    probe([field('t', { type: 'long', logicalType: 'timestamp-micros' })]),
  ],
];
const MODES: readonly CompatibilityMode[] = ['BACKWARD', 'FORWARD', 'FULL'];

describe('the registry and compatibility.ts give the same verdicts', () => {
  it(`agree on ${CORPUS.length} schema changes under ${MODES.join(', ')}`, async () => {
    const rows: string[] = [];
    const disagreements: string[] = [];
    for (const [index, [label, earlier, proposed]] of CORPUS.entries()) {
      const subject = subjectName(`verdict-${index}`);
      await registry.setCompatibility(subject, 'NONE');
      await registry.register(subject, JSON.stringify(earlier), 'NONE');
      for (const mode of MODES) {
        await registry.setCompatibility(subject, mode);
        const theirs = await registry.testCompatibility(subject, JSON.stringify(proposed));
        const ours = checkCompatibility(mode, proposed, [earlier]).length === 0;
        const row = `${label} [${mode}]: registry ${theirs ? 'compatible' : 'incompatible'}, checker ${ours ? 'compatible' : 'incompatible'}`;
        rows.push(row);
        if (theirs !== ours) disagreements.push(row);
      }
    }
    assert.deepEqual(disagreements, [], rows.join('\n'));
    assert.ok(
      rows.some((r) => r.includes('registry compatible')) &&
        rows.some((r) => r.includes('registry incompatible')),
    );
  });

  it('agree with registration for transitive and non-transitive levels over two earlier versions', async () => {
    const first = probe([a, field('ward', 'string')]);
    const second = probe([a, field('ward', 'string', { default: '' })]);
    const proposed = JSON.stringify(probe([a])); // v2's readers default ward; v1's readers cannot
    const modes: readonly CompatibilityMode[] = [
      'BACKWARD',
      'BACKWARD_TRANSITIVE',
      'FORWARD',
      'FORWARD_TRANSITIVE',
      'FULL',
      'FULL_TRANSITIVE',
    ];
    const rows: string[] = [];
    for (const mode of modes) {
      const subject = subjectName(`transitive-${mode.toLowerCase()}`);
      await registry.setCompatibility(subject, 'NONE');
      await registry.register(subject, JSON.stringify(first), 'NONE');
      await registry.register(subject, JSON.stringify(second), 'NONE');
      await registry.setCompatibility(subject, mode);
      // The test endpoints do not follow the level (see registry.ts): latest only, or every version.
      const latestOnly = await registry.testCompatibility(subject, proposed, 'latest');
      const everyVersion = await registry.testCompatibility(subject, proposed, 'all');
      assert.equal(
        latestOnly,
        checkCompatibility(
          mode.replace('_TRANSITIVE', '') as CompatibilityMode,
          JSON.parse(proposed) as AvroJson,
          [second],
        ).length === 0,
      );
      assert.equal(
        everyVersion,
        checkCompatibility(
          `${mode.replace('_TRANSITIVE', '')}_TRANSITIVE` as CompatibilityMode,
          JSON.parse(proposed) as AvroJson,
          [first, second],
        ).length === 0,
      );
      // Registration applies the level: the verdict the gate must predict.
      const accepted = await registry.register(subject, proposed, mode).then(
        () => true,
        () => false,
      );
      const ours =
        checkCompatibility(mode, JSON.parse(proposed) as AvroJson, [first, second]).length === 0;
      rows.push(
        `${mode}: registry ${accepted ? 'accepts' : 'rejects'}, checker ${ours ? 'accepts' : 'rejects'}`,
      );
    }
    assert.deepEqual(rows, [
      'BACKWARD: registry accepts, checker accepts',
      'BACKWARD_TRANSITIVE: registry accepts, checker accepts',
      'FORWARD: registry accepts, checker accepts',
      'FORWARD_TRANSITIVE: registry rejects, checker rejects',
      'FULL: registry accepts, checker accepts',
      'FULL_TRANSITIVE: registry rejects, checker rejects',
    ]);
  });
});

// Keeps schemaText honest: what register sends is the catalogue's JSON, unchanged.
it('registers JSON.stringify of the bundled schema', () => {
  const subject = subjectOf('text', probe([a]), 'NONE');
  created.delete(subject.subject);
  assert.equal(schemaText(subject), JSON.stringify(probe([a])));
});
