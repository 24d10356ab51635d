import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AvroJson, AvroObject } from '@meridian/contracts';
import type { CompatibilityMode } from './catalog.ts';
import {
  checkCompatibility,
  checkReaderWriter,
  formatIncompatibility,
  SchemaParseError,
  versionsToCompare,
} from './compatibility.ts';

const NS = 'health.meridian.clinical';
const record = (name: string, fields: AvroJson[], extra: AvroObject = {}): AvroObject => ({
  type: 'record',
  name,
  namespace: NS,
  fields,
  ...extra,
});
const field = (name: string, type: AvroJson, extra: AvroObject = {}): AvroObject => ({
  name,
  type,
  ...extra,
});
const withField = (type: AvroJson): AvroObject => record('R', [field('x', type)]);
const enumOf = (symbols: string[], extra: AvroObject = {}): AvroObject => ({
  type: 'enum',
  name: 'Status',
  namespace: NS,
  symbols,
  ...extra,
});

/** The formatted problems that stop `reader` reading `writer`'s data. */
const problems = (reader: AvroJson, writer: AvroJson): string[] =>
  checkReaderWriter(reader, writer).map(formatIncompatibility);
const compatible = (reader: AvroJson, writer: AvroJson): boolean =>
  checkReaderWriter(reader, writer).length === 0;

const v1 = record('EncounterDischarged', [field('encounterId', 'string')]);

describe('record fields', () => {
  it('finds identical records compatible both ways', () => {
    assert.deepEqual(problems(v1, v1), []);
  });

  it('rejects a reader field that the writer lacks and that has no default, naming the field', () => {
    const v2 = record('EncounterDischarged', [
      field('encounterId', 'string'),
      field('payerId', 'string'),
    ]);
    assert.deepEqual(problems(v2, v1), [
      "EncounterDischarged.payerId: reader field 'payerId' has no default and is missing from the writer",
    ]);
    const [only] = checkReaderWriter(v2, v1);
    assert.equal(only?.kind, 'READER_FIELD_MISSING_DEFAULT_VALUE');
    assert.equal(only?.field, 'payerId');
  });

  it('accepts a reader field the writer lacks when it has a default, including a null default', () => {
    const withDefault = record('EncounterDischarged', [
      field('encounterId', 'string'),
      field('ward', 'string', { default: 'unknown' }),
      field('payerId', ['null', 'string'], { default: null }),
    ]);
    assert.deepEqual(problems(withDefault, v1), []);
  });

  it('ignores a writer field the reader does not have', () => {
    const writer = record('EncounterDischarged', [
      field('encounterId', 'string'),
      field('extra', 'int'),
    ]);
    assert.deepEqual(problems(v1, writer), []);
  });

  it('matches a renamed reader field to the writer field through its aliases', () => {
    const renamed = record('EncounterDischarged', [
      field('visitId', 'string', { aliases: ['encounterId'] }),
    ]);
    assert.deepEqual(problems(renamed, v1), []);
    // Aliases are a reader-side feature: the old reader does not know the new name.
    assert.deepEqual(problems(v1, renamed), [
      "EncounterDischarged.encounterId: reader field 'encounterId' has no default and is missing from the writer",
    ]);
  });

  it('rejects a reader field whose name and alias both match writer fields', () => {
    const writer = record('R', [field('a', 'string'), field('b', 'string')]);
    const reader = record('R', [field('a', 'string', { aliases: ['b'] })]);
    assert.equal(checkReaderWriter(reader, writer)[0]?.field, 'a');
  });

  it('does not let an enum default stand in for a missing field default (as Java Avro)', () => {
    const reader = record('EncounterDischarged', [
      field('encounterId', 'string'),
      field('status', enumOf(['OPEN', 'UNKNOWN'], { default: 'UNKNOWN' })),
    ]);
    assert.deepEqual(
      checkReaderWriter(reader, v1).map((p) => p.field),
      ['status'],
    );
  });

  it('reports a change deep inside nested records with the whole path', () => {
    const envelope = (sourceType: string): AvroObject => ({
      type: 'record',
      name: 'Envelope',
      namespace: 'health.meridian.common',
      fields: [field('source', sourceType)],
    });
    const old = record('EncounterDischarged', [field('envelope', envelope('string'))]);
    const changed = record('EncounterDischarged', [field('envelope', envelope('int'))]);
    assert.deepEqual(problems(changed, old), [
      'EncounterDischarged.envelope.source: reader type int cannot read writer type string',
    ]);
  });

  it('reports every broken field, not only the first', () => {
    const writer = record('R', [field('a', 'string'), field('b', 'string')]);
    const reader = record('R', [field('a', 'int'), field('b', 'int'), field('c', 'int')]);
    assert.deepEqual(
      checkReaderWriter(reader, writer).map((p) => p.field),
      ['a', 'b', 'c'],
    );
  });
});

describe('primitive types and promotions', () => {
  const types = ['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'];
  // Avro spec "Schema Resolution": the writer types each reader type accepts.
  const readable: Record<string, string[]> = {
    null: ['null'],
    boolean: ['boolean'],
    int: ['int'],
    long: ['int', 'long'],
    float: ['int', 'long', 'float'],
    double: ['int', 'long', 'float', 'double'],
    bytes: ['bytes', 'string'],
    string: ['string', 'bytes'],
  };
  for (const reader of types) {
    it(`lets a ${reader} reader read exactly ${readable[reader]?.join(', ')}`, () => {
      for (const writer of types) {
        assert.equal(
          compatible(withField(reader), withField(writer)),
          readable[reader]?.includes(writer),
          `reader ${reader}, writer ${writer}`,
        );
      }
    });
  }

  it('promotes int to long but not back (one way only)', () => {
    assert.deepEqual(problems(withField('long'), withField('int')), []);
    assert.deepEqual(problems(withField('int'), withField('long')), [
      'R.x: reader type int cannot read writer type long',
    ]);
  });

  it('reads string as bytes and bytes as string', () => {
    assert.ok(compatible(withField('bytes'), withField('string')));
    assert.ok(compatible(withField('string'), withField('bytes')));
  });
});

describe('logical types count as their underlying types', () => {
  const ts = (logicalType: string): AvroObject => ({ type: 'long', logicalType });
  it('accepts adding, removing or changing a logical type on the same underlying type', () => {
    assert.ok(compatible(withField(ts('timestamp-millis')), withField('long')));
    assert.ok(compatible(withField('long'), withField(ts('timestamp-millis'))));
    assert.ok(compatible(withField(ts('timestamp-micros')), withField(ts('timestamp-millis'))));
  });

  it('ignores decimal precision and scale changes (Java does not compare them)', () => {
    const money = (precision: number, scale: number): AvroObject => ({
      type: 'bytes',
      logicalType: 'decimal',
      precision,
      scale,
    });
    assert.ok(compatible(withField(money(14, 2)), withField(money(10, 4))));
  });

  it('still applies promotions and mismatches of the underlying type', () => {
    const date: AvroObject = { type: 'int', logicalType: 'date' };
    assert.ok(compatible(withField(ts('timestamp-millis')), withField(date)));
    assert.deepEqual(problems(withField(date), withField(ts('timestamp-millis'))), [
      'R.x: reader type int cannot read writer type long',
    ]);
    const uuid: AvroObject = { type: 'string', logicalType: 'uuid' };
    assert.ok(compatible(withField(uuid), withField('string')));
  });
});

describe('enums', () => {
  it('accepts a reader enum that has every writer symbol', () => {
    assert.ok(compatible(withField(enumOf(['A', 'B', 'C'])), withField(enumOf(['A', 'B']))));
  });

  it('rejects writer symbols the reader lacks when the reader has no default', () => {
    assert.deepEqual(
      problems(withField(enumOf(['A', 'B'])), withField(enumOf(['A', 'C', 'B', 'D']))),
      [`R.x: reader enum '${NS}.Status' lacks writer symbols [C, D] and has no default symbol`],
    );
  });

  it("accepts unknown writer symbols when the reader enum has a default (the reader's, not the writer's)", () => {
    const readerWithDefault = enumOf(['A', 'UNKNOWN'], { default: 'UNKNOWN' });
    assert.ok(compatible(withField(readerWithDefault), withField(enumOf(['A', 'UNKNOWN', 'B']))));
    const writerWithDefault = enumOf(['A', 'UNKNOWN', 'B'], { default: 'UNKNOWN' });
    assert.equal(
      compatible(withField(enumOf(['A', 'UNKNOWN'])), withField(writerWithDefault)),
      false,
    );
  });

  it('rejects an enum renamed without an alias, and accepts it with one', () => {
    const renamed = { ...enumOf(['A']), name: 'State' };
    assert.equal(
      checkReaderWriter(withField(renamed), withField(enumOf(['A'])))[0]?.kind,
      'NAME_MISMATCH',
    );
    const aliased = { ...renamed, aliases: ['Status'] };
    assert.ok(compatible(withField(aliased), withField(enumOf(['A']))));
  });
});

describe('unions', () => {
  it('lets a reader union read a plain writer type when any branch can', () => {
    assert.ok(compatible(withField(['null', 'string']), withField('string')));
    assert.ok(compatible(withField(['null', 'long']), withField('int')));
  });

  it('rejects a plain writer type no reader branch can read', () => {
    assert.deepEqual(problems(withField(['null', 'int']), withField('string')), [
      'R.x: reader union [null, int] has no branch for writer type string',
    ]);
  });

  it('needs a plain reader type to read every branch of a writer union', () => {
    assert.deepEqual(problems(withField('string'), withField(['null', 'string'])), [
      'R.x: reader type string cannot read writer type null',
    ]);
    assert.ok(compatible(withField('double'), withField(['int', 'float'])));
  });

  it('needs a reader union to cover every writer branch, in any order', () => {
    assert.ok(compatible(withField(['string', 'null']), withField(['null', 'string'])));
    assert.ok(compatible(withField(['null', 'string', 'int']), withField(['null', 'string'])));
    assert.equal(
      compatible(withField(['null', 'string']), withField(['null', 'string', 'int'])),
      false,
    );
    assert.ok(compatible(withField(['null', 'long']), withField(['null', 'int'])));
  });

  it('explains a record branch that no longer matches with the field inside it', () => {
    const inner = (fields: AvroJson[]): AvroObject => ({
      type: 'record',
      name: 'Payer',
      namespace: NS,
      fields,
    });
    const writer = withField(['null', inner([field('id', 'string')])]);
    const reader = withField(['null', inner([field('id', 'string'), field('plan', 'string')])]);
    const [only, ...rest] = checkReaderWriter(reader, writer);
    assert.equal(rest.length, 0);
    assert.equal(only?.path, 'R.x.plan');
    assert.equal(only?.field, 'plan');
  });
});

describe('arrays and maps', () => {
  it('compares array items with promotions, reporting the item path', () => {
    assert.ok(
      compatible(
        withField({ type: 'array', items: 'long' }),
        withField({ type: 'array', items: 'int' }),
      ),
    );
    assert.deepEqual(
      problems(
        withField({ type: 'array', items: 'int' }),
        withField({ type: 'array', items: 'long' }),
      ),
      ['R.x[]: reader type int cannot read writer type long'],
    );
  });

  it('compares map values, reporting the value path', () => {
    const map = (values: AvroJson): AvroObject => ({ type: 'map', values });
    assert.ok(compatible(withField(map(['null', 'string'])), withField(map('string'))));
    assert.deepEqual(problems(withField(map('string')), withField(map(['null', 'string']))), [
      'R.x{}: reader type string cannot read writer type null',
    ]);
  });

  it('never reads an array as a map or the other way', () => {
    const array = withField({ type: 'array', items: 'string' });
    const map = withField({ type: 'map', values: 'string' });
    assert.equal(compatible(array, map), false);
    assert.equal(compatible(map, array), false);
  });
});

describe('fixed', () => {
  const fixed = (size: number, name = 'Hash'): AvroObject => ({
    type: 'fixed',
    name,
    namespace: NS,
    size,
  });
  it('accepts the same name and size', () => {
    assert.ok(compatible(withField(fixed(16)), withField(fixed(16))));
  });

  it('rejects a size change both ways', () => {
    assert.deepEqual(problems(withField(fixed(32)), withField(fixed(16))), [
      `R.x: reader fixed '${NS}.Hash' has size 32, writer size 16`,
    ]);
    assert.equal(compatible(withField(fixed(16)), withField(fixed(32))), false);
  });

  it('rejects a rename', () => {
    assert.equal(
      checkReaderWriter(withField(fixed(16, 'Digest')), withField(fixed(16)))[0]?.kind,
      'NAME_MISMATCH',
    );
  });
});

describe('named types', () => {
  it('rejects a record renamed without an alias, naming both names', () => {
    const renamed = record('PatientDischarged', [field('encounterId', 'string')]);
    assert.deepEqual(problems(renamed, v1), [
      `PatientDischarged: reader record '${NS}.PatientDischarged' does not match writer record '${NS}.EncounterDischarged' (no reader alias names it)`,
    ]);
  });

  it('accepts a rename when the reader lists the old name as an alias, full or relative to its namespace', () => {
    const full = record('PatientDischarged', [field('encounterId', 'string')], {
      aliases: [`${NS}.EncounterDischarged`],
    });
    const relative = record('PatientDischarged', [field('encounterId', 'string')], {
      aliases: ['EncounterDischarged'],
    });
    assert.ok(compatible(full, v1));
    assert.ok(compatible(relative, v1));
    assert.equal(compatible(v1, full), false, 'the old reader has no alias for the new name');
  });

  it('accepts a namespace move alone, as Java compares unqualified names', () => {
    const moved = { ...v1, namespace: 'health.meridian.revenue' };
    assert.ok(compatible(moved, v1));
    assert.ok(compatible(v1, moved));
  });

  it('resolves references to named types defined earlier in the schema', () => {
    const code = { type: 'enum', name: 'Code', namespace: NS, symbols: ['A'] };
    const writer = record('R', [field('a', code), field('b', 'Code')]);
    const reader = record('R', [
      field('a', { ...code, symbols: ['A', 'B'] }),
      field('b', `${NS}.Code`),
    ]);
    assert.ok(compatible(reader, writer));
    assert.equal(compatible(writer, reader), false);
  });
});

describe('recursive types', () => {
  const list = (extra: AvroJson[] = []): AvroObject =>
    record('Node', [
      field('value', 'int'),
      field('next', ['null', 'Node'], { default: null }),
      ...extra,
    ]);

  it('terminates and accepts compatible recursive records', () => {
    assert.ok(compatible(list(), list()));
    assert.ok(compatible(list([field('label', 'string', { default: '' })]), list()));
  });

  it('reports a breaking field of a recursive record once', () => {
    assert.deepEqual(problems(list([field('label', 'string')]), list()), [
      "Node.label: reader field 'label' has no default and is missing from the writer",
    ]);
  });
});

describe('compatibility modes', () => {
  const old = record('EncounterDischarged', [
    field('encounterId', 'string'),
    field('ward', 'string'),
  ]);
  const added = record('EncounterDischarged', [
    field('encounterId', 'string'),
    field('ward', 'string'),
    field('payerId', 'string'),
  ]);
  const removed = record('EncounterDischarged', [field('encounterId', 'string')]);
  const verdict = (mode: CompatibilityMode, proposed: AvroJson, earlier: AvroJson[]): string[] =>
    checkCompatibility(mode, proposed, earlier).map((v) => `${v.against}:${v.direction}`);

  it('BACKWARD: the new schema must read data written with the latest', () => {
    assert.deepEqual(verdict('BACKWARD', added, [old]), ['0:backward']);
    assert.deepEqual(verdict('BACKWARD', removed, [old]), []);
  });

  it('FORWARD: the latest schema must read data written with the new', () => {
    assert.deepEqual(verdict('FORWARD', added, [old]), []);
    assert.deepEqual(verdict('FORWARD', removed, [old]), ['0:forward']);
  });

  it('FULL: both directions', () => {
    assert.deepEqual(verdict('FULL', added, [old]), ['0:backward']);
    assert.deepEqual(verdict('FULL', removed, [old]), ['0:forward']);
    const optional = record('EncounterDischarged', [
      ...(old['fields'] as AvroJson[]),
      field('note', ['null', 'string'], { default: null }),
    ]);
    assert.deepEqual(verdict('FULL', optional, [old]), []);
  });

  it('NONE: nothing is checked', () => {
    assert.deepEqual(verdict('NONE', withField('int'), [withField('string')]), []);
  });

  it('non-transitive modes compare with the latest only; transitive ones with every earlier version', () => {
    const first = withField('string');
    const second = record('R', [field('x', 'string'), field('y', 'int', { default: 0 })]);
    const proposed = record('R', [field('y', 'int')]); // reads second (has y), not first (no y)
    assert.deepEqual(verdict('BACKWARD', proposed, [first, second]), []);
    assert.deepEqual(verdict('BACKWARD_TRANSITIVE', proposed, [first, second]), ['0:backward']);
    // Forward: dropping z is readable by the version that gave z a default, not by the first.
    const withZ = record('R', [field('x', 'string'), field('z', 'int')]);
    const zDefault = record('R', [field('x', 'string'), field('z', 'int', { default: 0 })]);
    assert.deepEqual(verdict('FORWARD', first, [withZ, zDefault]), []);
    assert.deepEqual(verdict('FORWARD_TRANSITIVE', first, [withZ, zDefault]), ['0:forward']);
    assert.deepEqual(verdict('FULL_TRANSITIVE', proposed, [first, second]), [
      '0:backward',
      '0:forward',
      '1:forward',
    ]);
  });

  it('lets the caller say which earlier version is the latest', () => {
    assert.deepEqual(versionsToCompare('FULL', 3, 1), [1]);
    assert.deepEqual(versionsToCompare('FULL_TRANSITIVE', 3, 1), [0, 1, 2]);
    assert.deepEqual(versionsToCompare('BACKWARD', 0), []);
  });

  it('passes when there is no earlier version', () => {
    assert.deepEqual(verdict('FULL_TRANSITIVE', added, []), []);
  });
});

describe('invalid input', () => {
  it('throws a SchemaParseError for a schema Avro rejects', () => {
    assert.throws(() => checkReaderWriter(withField('nope'), v1), SchemaParseError);
    assert.throws(
      () => checkReaderWriter(record('R', [field('x', 'string', { default: 1 })]), v1),
      SchemaParseError,
    );
  });
});
