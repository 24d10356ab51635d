import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AvroObject } from '@meridian/contracts';
import type { Catalog, CompatibilityMode, Subject } from './catalog.ts';
import { changedSubjects, checkSubjects, formatCheck } from './check.ts';
import type { Commit } from './history.ts';
import { collectVersions, stableKey } from './history.ts';

const commit = (n: number): Commit => ({
  sha: `${n}`.repeat(40).slice(0, 40),
  date: `2025-01-0${n}T10:00:00Z`,
});
const schema = (fields: string[]): AvroObject => ({
  type: 'record',
  name: 'R',
  namespace: 'health.meridian.test',
  fields: fields.map((name) => ({ name, type: 'string' })),
});
const subject = (
  s: AvroObject,
  mode: CompatibilityMode = 'FULL_TRANSITIVE',
  name = 't.v1-R',
): Subject => ({
  subject: name,
  topic: 't.v1',
  record: 'health.meridian.test.R',
  schema: s,
  mode,
});
const catalog = (...subjects: Subject[]): Catalog => ({
  types: new Map(),
  topics: [],
  compatibility: { default: 'FULL_TRANSITIVE', subjects: {} },
  subjects,
});

describe('history folding', () => {
  it('keeps distinct schemas in the order they first appeared, with the commit that introduced each', () => {
    const a = schema(['a']);
    const b = schema(['a', 'b']);
    const history = collectVersions([
      { commit: commit(1), catalog: catalog(subject(a)) },
      { commit: commit(2), catalog: catalog(subject(a)) },
      { commit: commit(3), catalog: catalog(subject(b)) },
    ]);
    const versions = history.get('t.v1-R')?.versions ?? [];
    assert.deepEqual(
      versions.map((v) => v.commit.sha[0]),
      ['1', '3'],
    );
    assert.equal(history.get('t.v1-R')?.latest, 1);
  });

  it('takes the schema at the newest commit as the latest, also after a revert', () => {
    const a = schema(['a']);
    const b = schema(['a', 'b']);
    const history = collectVersions([
      { commit: commit(1), catalog: catalog(subject(a)) },
      { commit: commit(2), catalog: catalog(subject(b)) },
      { commit: commit(3), catalog: catalog(subject(a)) },
    ]);
    assert.equal(history.get('t.v1-R')?.versions.length, 2);
    assert.equal(history.get('t.v1-R')?.latest, 0);
  });

  it('treats schemas that differ only in key order as one version', () => {
    const reordered: AvroObject = {
      namespace: 'health.meridian.test',
      fields: [{ type: 'string', name: 'a' }],
      name: 'R',
      type: 'record',
    };
    assert.equal(stableKey(reordered), stableKey(schema(['a'])));
  });
});

describe('changed subjects', () => {
  it('are the subjects new since the base or whose bundled schema differs from it', () => {
    const unchanged = subject(schema(['a']), 'FULL_TRANSITIVE', 'u.v1-R');
    const changed = subject(schema(['a', 'b']), 'FULL_TRANSITIVE', 'c.v1-R');
    const added = subject(schema(['a']), 'FULL_TRANSITIVE', 'n.v1-R');
    const base = catalog(unchanged, { ...changed, schema: schema(['a']) });
    assert.deepEqual(
      changedSubjects(catalog(unchanged, changed, added), base).map((s) => s.subject),
      ['c.v1-R', 'n.v1-R'],
    );
  });
});

describe('checking subjects against their history', () => {
  const v1 = schema(['a']);
  const v2: AvroObject = {
    ...schema(['a']),
    fields: [
      { name: 'a', type: 'string' },
      { name: 'b', type: 'string', default: '' },
    ],
  };
  const proposed = schema(['b']); // reads v2 (b), not v1 (no b); neither old reader has a
  const history = collectVersions([
    { commit: commit(1), catalog: catalog(subject(v1)) },
    { commit: commit(2), catalog: catalog(subject(v2)) },
  ]);

  it('compares transitive modes with every earlier version and names the version that breaks', () => {
    const verdict = checkSubjects([subject(proposed, 'BACKWARD_TRANSITIVE')], history);
    assert.equal(verdict.compared, 2);
    assert.deepEqual(
      verdict.failures.map(
        (f) => `${f.version.commit.sha[0]} ${f.direction} ${f.incompatibilities[0]?.field}`,
      ),
      ['1 backward b'],
    );
  });

  it('compares non-transitive modes with the latest only', () => {
    const verdict = checkSubjects([subject(proposed, 'BACKWARD')], history);
    assert.equal(verdict.compared, 1);
    assert.deepEqual(verdict.failures, []);
  });

  it('has nothing to compare for a subject without history or with mode NONE', () => {
    assert.deepEqual(checkSubjects([subject(proposed, 'FULL', 'new.v1-R')], history), {
      checked: 1,
      compared: 0,
      failures: [],
    });
    assert.deepEqual(checkSubjects([subject(proposed, 'NONE')], history), {
      checked: 1,
      compared: 0,
      failures: [],
    });
  });

  it('prints one line per problem with subject, mode, earlier version and field, then a summary', () => {
    const verdict = checkSubjects([subject(proposed, 'FULL_TRANSITIVE')], history);
    const lines = formatCheck({ ...verdict, notes: ['a note'], scope: 'all subjects' });
    assert.equal(lines[0], 'note: a note');
    assert.match(
      lines[1] ?? '',
      /^✗ t\.v1-R \[FULL_TRANSITIVE\] vs 1111111 of 2025-01-01, field 'b' \(backward: .*\): R\.b: reader field 'b' has no default/,
    );
    assert.match(
      lines.at(-1) ?? '',
      /^schemas check: FAILED: \d+ incompatibilities in 1 subject; 1 subject checked, 2 earlier versions compared \(all subjects\)$/,
    );
  });

  it('prints a one-line summary when everything is compatible', () => {
    const verdict = checkSubjects([subject(v2, 'FULL_TRANSITIVE')], history);
    assert.deepEqual(formatCheck({ ...verdict, notes: [], scope: 'all subjects' }), [
      'schemas check: compatible: 1 subject checked, 2 earlier versions compared (all subjects)',
    ]);
  });
});
