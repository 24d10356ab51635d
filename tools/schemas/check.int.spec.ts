// `npm run schemas -- check` as CI runs it: the CLI as a subprocess on a scratch git repository.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import type { AvroJson, AvroObject } from '@meridian/contracts';

const CLI = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');
const DISCHARGED = 'clinical.encounter.v1-health.meridian.clinical.EncounterDischarged';
const scratchDirs: string[] = [];
after(() => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const field = (name: string, type: AvroJson, extra: AvroObject = {}): AvroObject => ({
  name,
  type,
  doc: `${name}.`,
  ...extra,
});
const ENVELOPE_FIELDS = [
  field('messageId', { type: 'string', logicalType: 'uuid' }),
  field('source', 'string'),
];
const envelope = (fields: AvroJson[] = ENVELOPE_FIELDS): AvroObject => ({
  type: 'record',
  name: 'Envelope',
  namespace: 'health.meridian.common',
  doc: 'Envelope.',
  fields,
});
const message = (name: string, fields: AvroJson[]): AvroObject => ({
  type: 'record',
  name,
  namespace: 'health.meridian.clinical',
  doc: `${name}.`,
  fields: [field('envelope', 'health.meridian.common.Envelope'), ...fields],
});
const DISCHARGED_V1 = [field('encounterId', 'string'), field('disposition', 'string')];

class ScratchRepo {
  readonly dir = mkdtempSync(join(tmpdir(), 'meridian-schemas-check-'));

  constructor() {
    scratchDirs.push(this.dir);
    this.git('init', '-q', '-b', 'main');
    this.write('schemas/compatibility.json', { default: 'FULL_TRANSITIVE', subjects: {} });
    this.write('schemas/topics.json', {
      topics: [
        {
          name: 'clinical.encounter.v1',
          partitions: 1,
          key: 'encounterId',
          doc: 'Encounter facts.',
          records: [
            'health.meridian.clinical.EncounterAdmitted',
            'health.meridian.clinical.EncounterDischarged',
          ],
        },
      ],
    });
    this.write('schemas/common/Envelope.avsc', envelope());
    this.write(
      'schemas/clinical/EncounterAdmitted.avsc',
      message('EncounterAdmitted', [field('encounterId', 'string')]),
    );
    this.discharged(DISCHARGED_V1);
  }

  git(...args: string[]): string {
    return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], {
      cwd: this.dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.org',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.org',
      },
    });
  }

  write(path: string, content: AvroJson | string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    const text = typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`;
    writeFileSync(join(this.dir, path), text);
  }

  discharged(fields: AvroJson[]): void {
    this.write('schemas/clinical/EncounterDischarged.avsc', message('EncounterDischarged', fields));
  }

  /** Commits everything; returns the short sha. */
  commit(subject: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', subject);
    return this.git('rev-parse', '--short=7', 'HEAD').trim();
  }

  check(...args: string[]): { status: number | null; out: string } {
    const run = spawnSync(process.execPath, [CLI, 'check', '--root', this.dir, ...args], {
      encoding: 'utf8',
    });
    return { status: run.status, out: `${run.stdout}${run.stderr}` };
  }
}

describe('schemas check on a git repository', () => {
  it('passes a repository without commits: there is nothing to compare with', () => {
    const repo = new ScratchRepo();
    const { status, out } = repo.check('--all');
    assert.equal(status, 0, out);
    assert.match(out, /compatible: 2 subjects checked, 0 earlier versions compared/);
  });

  it('passes when no subject changed since the base, checking none', () => {
    const repo = new ScratchRepo();
    const v1 = repo.commit('v1');
    const { status, out } = repo.check();
    assert.equal(status, 0, out);
    assert.match(
      out,
      new RegExp(`0 subjects checked, 0 earlier versions compared \\(changed since ${v1}`),
    );
  });

  it('fails a field added without a default, naming the subject, mode, earlier version and field', () => {
    const repo = new ScratchRepo();
    const v1 = repo.commit('v1');
    repo.discharged([...DISCHARGED_V1, field('payerId', 'string')]);
    const { status, out } = repo.check();
    assert.equal(status, 1, out);
    assert.match(
      out,
      new RegExp(
        `${DISCHARGED} \\[FULL_TRANSITIVE\\] vs ${v1} of \\d{4}-\\d{2}-\\d{2}, field 'payerId'`,
      ),
    );
    assert.match(
      out,
      /EncounterDischarged\.payerId: reader field 'payerId' has no default and is missing from the writer/,
    );
    assert.match(
      out,
      /FAILED: 1 incompatibility in 1 subject; 1 subject checked, 1 earlier version compared/,
    );
  });

  it('fails a field whose type changed incompatibly (string to int), naming it in both directions', () => {
    const repo = new ScratchRepo();
    repo.commit('v1');
    repo.discharged([field('encounterId', 'string'), field('disposition', 'int')]);
    const { status, out } = repo.check();
    assert.equal(status, 1, out);
    assert.match(
      out,
      /field 'disposition' \(backward.*EncounterDischarged\.disposition: reader type int cannot read writer type string/,
    );
    assert.match(
      out,
      /field 'disposition' \(forward.*EncounterDischarged\.disposition: reader type string cannot read writer type int/,
    );
  });

  it('passes a field added with a default', () => {
    const repo = new ScratchRepo();
    repo.commit('v1');
    repo.discharged([...DISCHARGED_V1, field('payerId', ['null', 'string'], { default: null })]);
    const { status, out } = repo.check();
    assert.equal(status, 0, out);
    assert.match(out, /compatible: 1 subject checked, 1 earlier version compared/);
  });

  it('checks against every earlier version in history, and only the latest when the subject is relaxed to FULL', () => {
    const repo = new ScratchRepo();
    const v1 = repo.commit('v1: disposition required');
    repo.discharged([
      field('encounterId', 'string'),
      field('disposition', 'string', { default: 'unknown' }),
    ]);
    repo.commit('v2: disposition gets a default');
    repo.discharged([field('encounterId', 'string')]); // v1's readers need disposition
    const transitive = repo.check('--all');
    assert.equal(transitive.status, 1, transitive.out);
    assert.match(transitive.out, new RegExp(`vs ${v1} .*field 'disposition' \\(forward`));
    assert.match(transitive.out, /2 subjects checked, 3 earlier versions compared/);

    repo.write('schemas/compatibility.json', {
      default: 'FULL_TRANSITIVE',
      subjects: { [DISCHARGED]: { mode: 'FULL', reason: 'no v1 reader is deployed any more' } },
    });
    const relaxed = repo.check('--all');
    assert.equal(relaxed.status, 0, relaxed.out);
  });

  it('treats a change to a shared type as a change to every subject that inlines it', () => {
    const repo = new ScratchRepo();
    repo.commit('v1');
    repo.write(
      'schemas/common/Envelope.avsc',
      envelope([...ENVELOPE_FIELDS, field('tenant', 'string')]),
    );
    const { status, out } = repo.check();
    assert.equal(status, 1, out);
    assert.match(out, /EncounterAdmitted\.envelope\.tenant: reader field 'tenant' has no default/);
    assert.match(
      out,
      /EncounterDischarged\.envelope\.tenant: reader field 'tenant' has no default/,
    );
    assert.match(out, /in 2 subjects; 2 subjects checked/);
  });

  it('skips, with a note, a commit whose catalogue does not load', () => {
    const repo = new ScratchRepo();
    const topics = readFileSync(join(repo.dir, 'schemas/topics.json'), 'utf8');
    repo.write('schemas/topics.json', '{ not json');
    const broken = repo.commit('broken topics');
    repo.write('schemas/topics.json', topics);
    repo.commit('fixed topics');
    const { status, out } = repo.check('--all');
    assert.equal(status, 0, out);
    assert.match(out, new RegExp(`note: skipped ${broken} .*schemas/topics.json: not JSON`));
    assert.match(out, /2 subjects checked, 2 earlier versions compared/);
  });

  it('finds changes committed on a branch since the merge base with main; --base moves the base', () => {
    const repo = new ScratchRepo();
    repo.commit('v1');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.discharged([...DISCHARGED_V1, field('payerId', 'string')]);
    repo.commit('breaking change on the branch');
    const branch = repo.check();
    assert.equal(branch.status, 1, branch.out);
    assert.match(branch.out, /field 'payerId'/);
    assert.match(branch.out, /merge-base with main/);
    // Against the branch itself nothing changed, so nothing is checked.
    const head = repo.check('--base', 'HEAD');
    assert.equal(head.status, 0, head.out);
    assert.match(head.out, /0 subjects checked/);
  });

  it('refuses an unknown --base with one clear line', () => {
    const repo = new ScratchRepo();
    repo.commit('v1');
    const { status, out } = repo.check('--base', 'no-such-branch');
    assert.equal(status, 1, out);
    assert.match(out, /^schemas check: --base no-such-branch: not a commit/m);
  });
});
