import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { loadCatalog } from '../schemas/catalog.ts';
import { ROOT } from '../scripts/workspace.ts';
import type { Files } from './fixtures.ts';
import { clinicalFiles, ENCOUNTER_DISCHARGED, memorySource } from './fixtures.ts';
import { formatFiles } from './output.ts';
import { HEADER, renderContracts } from './render.ts';

const GENERATED = join(ROOT, 'libs/contracts/src/generated');

async function generate(files: Files): Promise<Map<string, string>> {
  return formatFiles(renderContracts(loadCatalog(memorySource(files))), GENERATED);
}

function file(files: ReadonlyMap<string, string>, name: string): string {
  const text = files.get(name);
  assert.ok(text !== undefined, `${name} was not generated (got ${[...files.keys()].join(', ')})`);
  return text;
}

/** The source text of one top-level declaration, from its JSDoc to the line that closes it. */
function declaration(text: string, opening: string): string {
  const at = text.indexOf(opening);
  assert.ok(at >= 0, `no "${opening}" in:\n${text}`);
  const start = text.lastIndexOf('/**', at);
  const end = text.indexOf('\n}', at);
  return text.slice(
    start,
    opening.startsWith('export interface') ? end + 2 : text.indexOf('\n', at),
  );
}

describe('contracts generator: TypeScript from Avro', () => {
  let out: Map<string, string>;
  before(async () => {
    out = await generate(clinicalFiles());
  });

  test('writes one file per domain plus topics.ts and index.ts, each starting with the header', () => {
    assert.deepEqual([...out.keys()].sort(), ['clinical.ts', 'common.ts', 'index.ts', 'topics.ts']);
    for (const [name, text] of out)
      assert.ok(text.startsWith(`${HEADER}\n`), `${name} lacks the header`);
  });

  test('turns a record into an interface with every doc as JSDoc and logical types as their runtime values', () => {
    assert.equal(
      file(out, 'common.ts'),
      `${HEADER}

/**
 * Metadata every message carries.
 *
 * Avro record \`health.meridian.common.Envelope\` (schemas/common/Envelope.avsc).
 */
export interface Envelope {
  /** Unique id of this message. */
  readonly messageId: string;
  /** When the fact happened. */
  readonly occurredAt: Date;
  /** Saga id or business key. */
  readonly correlationId: string;
  /**
   * The message that caused this one, if any.
   *
   * @defaultValue null
   */
  readonly causationId: string | null;
  /** The producing service. */
  readonly source: string;
}
`,
    );
  });

  test('maps nested records, enums, nullable unions, arrays, maps, decimals, dates, bytes and plain unions', () => {
    const clinical = file(out, 'clinical.ts');
    const discharged = declaration(clinical, 'export interface EncounterDischarged {');
    assert.equal(
      discharged,
      `/**
 * The patient left the hospital.
 * Starts discharge-to-revenue.
 *
 * Avro record \`health.meridian.clinical.EncounterDischarged\` (schemas/clinical/EncounterDischarged.avsc); a message on \`clinical.encounter.v1\`.
 */
export interface EncounterDischarged {
  /** Message metadata. */
  readonly envelope: Envelope;
  /** Encounter id of the EHR (visit number). */
  readonly encounterId: string;
  /** Inpatient or outpatient. */
  readonly encounterClass: EncounterClass;
  /**
   * When the discharge was recorded, if known.
   *
   * @defaultValue null
   */
  readonly dischargedAt: Date | null;
  /** Procedures, in order. */
  readonly procedures: readonly Procedure[];
  /** Free-form attributes. */
  readonly attributes: Readonly<Record<string, string>>;
  /**
   * Charge estimate; see *\\/ for details.
   *
   * Decimal with precision 14, scale 2.
   */
  readonly expectedCharge: Decimal;
  /** External reference, text or number. */
  readonly reference: string | number;
  /** Days. */
  readonly lengthOfStay: number;
  /** Sequence number. */
  readonly sequence: number;
  /**
   * Weight in kg.
   *
   * @defaultValue null
   */
  readonly weightKg: number | null;
  /**
   * Readmission within 30 days.
   *
   * @defaultValue false
   */
  readonly readmission: boolean;
  /** Detached signature. */
  readonly signature: Buffer;
}`,
    );
    assert.match(
      declaration(clinical, 'export interface Procedure {'),
      /\/\*\*\n {3}\* Calendar day it was performed\.\n {3}\*\n {3}\* ISO calendar date, `YYYY-MM-DD`\.\n {3}\*\/\n {2}readonly performedOn: string;/,
    );
  });

  test('imports the types of other domains and of the contract module as types only', () => {
    const clinical = file(out, 'clinical.ts');
    assert.ok(
      clinical.includes(
        `${HEADER}\n\nimport type { Decimal, RecordContract } from '../contract.js';\nimport type { Envelope } from './common.js';\n\n`,
      ),
    );
  });

  test('turns an enum into a union of its symbols, the symbols in order and its default', () => {
    const clinical = file(out, 'clinical.ts');
    assert.ok(
      clinical.includes(`export type EncounterClass = 'INPATIENT' | 'OUTPATIENT' | 'UNKNOWN';

/** The symbols of {@link EncounterClass}, in schema order. */
export const EncounterClass_SYMBOLS = ['INPATIENT', 'OUTPATIENT', 'UNKNOWN'] as const;

/** What a reader of {@link EncounterClass} gets for a symbol its schema does not know. */
export const EncounterClass_DEFAULT: EncounterClass = 'UNKNOWN';
`),
    );
  });

  test('gives every message record a contract whose schema is exactly the bundled schema', () => {
    const clinical = file(out, 'clinical.ts');
    const opening = `export const EncounterDischarged: RecordContract<
  EncounterDischarged,
  'health.meridian.clinical.EncounterDischarged'
> = {
  fullName: 'health.meridian.clinical.EncounterDischarged',
  schema: `;
    assert.ok(clinical.includes(opening), clinical);
    const start = clinical.indexOf(opening) + opening.length;
    const literal = clinical.slice(start, clinical.indexOf('\n};', start)).replace(/,\s*$/, '');
    const schema: unknown = runInNewContext(`(${literal})`);
    const catalog = loadCatalog(memorySource(clinicalFiles()));
    const subject = catalog.subjects.find(
      (s) => s.record === 'health.meridian.clinical.EncounterDischarged',
    );
    assert.equal(JSON.stringify(schema), JSON.stringify(subject?.schema));
    assert.ok(!clinical.includes('export const Procedure'), 'a building block has no contract');
  });

  test('lists every topic with its records, typed by the union of their values', () => {
    assert.equal(
      file(out, 'topics.ts'),
      `${HEADER}

import type { TopicContract } from '../contract.js';
import { EncounterAdmitted, EncounterDischarged } from './clinical.js';

/** Every topic of schemas/topics.json with the message records it carries. */
export const Topics = {
  /**
   * Encounter lifecycle facts.
   *
   * Key: encounterId.
   */
  ClinicalEncounterV1: {
    name: 'clinical.encounter.v1',
    partitions: 6,
    key: 'encounterId',
    records: [EncounterAdmitted, EncounterDischarged],
  } as const satisfies TopicContract<EncounterAdmitted | EncounterDischarged>,
} as const;

/** Every topic, in the order of schemas/topics.json. */
export const ALL_TOPICS = [Topics.ClinicalEncounterV1] as const;
`,
    );
    assert.equal(
      file(out, 'index.ts'),
      `${HEADER}\n\nexport * from './clinical.js';\nexport * from './common.js';\nexport * from './topics.js';\n`,
    );
  });

  test('refuses a union avsc would wrap, naming the field', async () => {
    const files = clinicalFiles();
    files['schemas/clinical/EncounterDischarged.avsc'] = {
      ...ENCOUNTER_DISCHARGED,
      fields: [
        ...ENCOUNTER_DISCHARGED.fields,
        { name: 'either', type: ['null', 'int', 'double'], default: null, doc: 'x' },
      ],
    };
    await assert.rejects(
      generate(files),
      /EncounterDischarged\.either: union branches "int" and "double" are both number values/,
    );
  });

  test('refuses two types of the same name in different domains (one flat export namespace)', async () => {
    const files = clinicalFiles();
    files['schemas/supply/Procedure.avsc'] = {
      type: 'record',
      name: 'Procedure',
      namespace: 'health.meridian.supply',
      fields: [],
    };
    await assert.rejects(
      generate(files),
      /health\.meridian\.supply\.Procedure and health\.meridian\.clinical\.Procedure both export Procedure/,
    );
  });
});

describe('contracts generator: generated code', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'contracts-tsc-'));
    const out = await generate(clinicalFiles());
    mkdirSync(join(dir, 'src/generated'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(
      join(dir, 'src/contract.ts'),
      readFileSync(join(ROOT, 'libs/contracts/src/contract.ts')),
    );
    for (const [name, text] of out) writeFileSync(join(dir, 'src/generated', name), text);
    // Uses of the generated code that must compile, and one that must not.
    writeFileSync(
      join(dir, 'src/usage.ts'),
      `import { subjectFor, type TopicRecord } from './contract.js';
import { ALL_TOPICS, EncounterAdmitted, EncounterDischarged, Topics, type Envelope } from './generated/index.js';
const envelope: Envelope = { messageId: 'm', occurredAt: new Date(), correlationId: 'c', causationId: null, source: 's' };
export const admitted: TopicRecord<typeof Topics.ClinicalEncounterV1> = { envelope, encounterId: 'E1' };
export const subject: string = subjectFor(Topics.ClinicalEncounterV1, EncounterDischarged);
export const names: readonly string[] = ALL_TOPICS.map((t) => t.name);
export const discharged: EncounterDischarged | undefined = undefined;
export const fullName: 'health.meridian.clinical.EncounterAdmitted' = EncounterAdmitted.fullName;
`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('type-checks under the workspace compiler options', () => {
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2024,
      lib: ['lib.es2024.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUnusedLocals: true,
      noImplicitReturns: true,
      noEmit: true,
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules/@types')],
    };
    const roots = ['usage.ts', 'generated/index.ts'].map((name) => join(dir, 'src', name));
    const program = ts.createProgram(roots, options);
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file
        ? `${d.file.fileName.slice(dir.length)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
        : '';
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    assert.deepEqual(errors, []);
  });
});

describe('contracts generator: command line', () => {
  let root: string;
  const cli = (...args: string[]): { status: number | null; output: string } => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'tools/contracts/generate.ts'), '--root', root, ...args],
      {
        encoding: 'utf8',
      },
    );
    return { status: result.status, output: result.stdout + result.stderr };
  };
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'contracts-cli-'));
    for (const [path, value] of Object.entries(clinicalFiles())) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), JSON.stringify(value, null, 2));
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('--check exits 1 listing stale, missing and vanished files, and passes once generated', () => {
    const out = join(root, 'out');
    assert.equal(cli('--out', out).status, 0);
    assert.deepEqual(cli('--out', out, '--check'), {
      status: 0,
      output: `contracts: ${out} is up to date (4 files)\n`,
    });

    writeFileSync(
      join(out, 'clinical.ts'),
      `${readFileSync(join(out, 'clinical.ts'), 'utf8')}// hand edit\n`,
    );
    rmSync(join(out, 'topics.ts'));
    writeFileSync(join(out, 'supply.ts'), `${HEADER}\n`);
    const check = cli('--out', out, '--check');
    assert.equal(check.status, 1, check.output);
    assert.match(check.output, /is stale; run `npm run contracts`/);
    assert.match(check.output, /^ {2}changed clinical\.ts$/m);
    assert.match(check.output, /^ {2}missing topics\.ts$/m);
    assert.match(check.output, /^ {2}extra {3}supply\.ts$/m);
    assert.equal(existsSync(join(out, 'supply.ts')), true, '--check changes nothing');
  });

  test('regenerating removes the file of a domain whose types vanished', () => {
    const out = join(root, 'out-vanished');
    const lot = join(root, 'schemas/supply/Lot.avsc');
    mkdirSync(dirname(lot), { recursive: true });
    writeFileSync(
      lot,
      JSON.stringify({
        type: 'record',
        name: 'Lot',
        namespace: 'health.meridian.supply',
        fields: [],
      }),
    );
    assert.equal(cli('--out', out).status, 0);
    assert.equal(existsSync(join(out, 'supply.ts')), true);

    rmSync(lot);
    const again = cli('--out', out);
    assert.equal(again.status, 0, again.output);
    assert.match(again.output, /^ {2}removed supply\.ts$/m);
    assert.equal(existsSync(join(out, 'supply.ts')), false);
    assert.doesNotMatch(readFileSync(join(out, 'index.ts'), 'utf8'), /supply/);
  });

  test('reports a catalogue that does not load in one line and exits 1', () => {
    rmSync(join(root, 'schemas/common/Envelope.avsc'));
    const broken = cli('--out', join(root, 'out-broken'));
    assert.equal(broken.status, 1);
    assert.match(broken.output, /^contracts: .*unknown type "health\.meridian\.common\.Envelope"/);
    assert.equal(existsSync(join(root, 'out-broken')), false, 'nothing is written');
  });
});

describe('libs/contracts/src/generated', () => {
  test('is what schemas/ generates (otherwise run npm run contracts)', () => {
    const result = spawnSync(
      process.execPath,
      [join(ROOT, 'tools/contracts/generate.ts'), '--check'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
});
