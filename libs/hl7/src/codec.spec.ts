import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_HL7_LIMITS, encodeHl7, Hl7LimitError, Hl7ParseError, parseHl7 } from './codec.js';
import { Hl7Message, Hl7Segment, parsePath, repeated } from './message.js';

const ADT = [
  'MSH|^~\\&|EPIC|MGH|MERIDIAN|MGH|20261120083000-0500||ADT^A01^ADT_A01|MSG0001|P|2.5.1',
  'EVN|A01|20261120083000-0500',
  'PID|1||ACCT9^^^MGH^AN~MRN00042^^^MGH^MR||DOE^JANE^^^^^L||19700101|F',
  'PV1|1|I|4W^401^A^MGH||||1234567893^SMITH^JOHN^^^^MD^^NPI^L^^^NPI|||MED|||||||||V000123^^^MGH^VN',
  'DG1|1||I21.4^NSTEMI^I10||20261120|A',
  'DG1|2||E11.9^Type 2 diabetes^I10||20261120|A',
  'NTE|1||Call \\F\\ back \\T\\ page\\.br\\x&y',
].join('\r');

describe('HL7 v2 parser', () => {
  test('reads fields, repetitions, components and subcomponents at their HL7 positions', () => {
    const m = parseHl7(ADT);
    assert.equal(m.get('MSH-9.2'), 'A01');
    assert.equal(m.controlId, 'MSG0001');
    assert.equal(m.version, '2.5.1');
    assert.equal(m.get('PV1-19.1'), 'V000123');
    assert.equal(m.get('PID-3.1'), 'ACCT9', 'first repetition by default');
    assert.equal(m.get('PID-3(2).1'), 'MRN00042');
    assert.equal(m.get('PID-3(2).5'), 'MR');
    assert.equal(m.get('PV1-7.13'), 'NPI');
    assert.equal(m.get('DG1(2)-3.1'), 'E11.9');
    assert.equal(m.get('NTE-3.1.2'), 'y', 'the subcomponent separator splits the component');
    assert.equal(m.get('NTE-3.1.1'), 'Call | back & page\nx');
    assert.equal(m.get('PV1-50'), '', 'absent fields read as empty');
    assert.equal(m.get('ZZZ-1'), '');
  });

  test('splits or unescapes a field holding a single kind of delimiter, and keeps a plain one whole', () => {
    const zx1 = parseHl7(`${ADT}\rZX1|a&b|c~d|e^f|g\\F\\h|plain`).segment('ZX1');
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((position) => zx1?.field(position)),
      [[[['a', 'b']]], [[['c']], [['d']]], [[['e'], ['f']]], [[['g|h']]], [[['plain']]]],
    );
  });

  test('keeps MSH-1 and MSH-2 as written', () => {
    const msh = parseHl7(ADT).segment('MSH');
    assert.equal(msh?.value(1), '|');
    assert.equal(msh?.value(2), '^~\\&');
    assert.equal(msh?.value(3), 'EPIC');
  });

  test('accepts LF and CRLF segment separators and skips blank lines', () => {
    for (const separator of ['\n', '\r\n']) {
      const m = parseHl7(`${ADT.split('\r').join(separator)}${separator}${separator}`);
      assert.equal(m.segments.length, 7);
      assert.equal(m.segmentsOf('DG1').length, 2);
    }
  });

  test('reads the delimiters a message declares', () => {
    const m = parseHl7('MSH#$*!@#APP#FAC\rPID#1##A$B*C$D!F!E');
    assert.equal(m.get('PID-3.2'), 'B');
    assert.equal(m.get('PID-3(2).2'), 'D#E');
  });

  test('fails clearly without an MSH, with unusable encoding characters or a bad segment id', () => {
    assert.throws(() => parseHl7('PID|1'), { name: 'Hl7ParseError', message: /MSH/ });
    assert.throws(() => parseHl7('MSH|^^\\&|A'), Hl7ParseError);
    assert.throws(
      () => parseHl7('MSH|^~\\&|A\rpid|1'),
      (error: unknown) => error instanceof Hl7ParseError && error.segment === 2,
    );
  });
});

describe('HL7 v2 encoder', () => {
  test('writes a parsed message back byte for byte', () => {
    assert.equal(encodeHl7(parseHl7(ADT)), `${ADT}\r`);
  });

  test('round-trips values holding delimiters and line breaks', () => {
    const message = Hl7Message.create(
      ['APP', 'FAC'],
      [
        Hl7Segment.of('NTE', ['1', '', ['a|b', 'c^d', 'e&f~g\\h\ni']]),
        Hl7Segment.of('PID', ['1', '', repeated(['X1', '', '', 'MGH', 'MR'], ['X2'])]),
      ],
    );
    const text = encodeHl7(message);
    assert.match(text, /^MSH\|\^~\\&\|APP\|FAC\r/);
    const again = parseHl7(text);
    assert.deepEqual(
      again.segments.map((segment) => [segment.id, segment.fields]),
      message.segments.map((segment) => [segment.id, segment.fields]),
    );
    assert.equal(again.get('NTE-3.3'), 'e&f~g\\h\ni');
    assert.equal(again.get('PID-3(2).1'), 'X2');
    assert.equal(encodeHl7(again), text);
  });
});

describe('HL7 paths', () => {
  test('name segment occurrence, field, repetition, component and subcomponent', () => {
    assert.deepEqual(parsePath('DG1(2)-3(1).4.2'), {
      segment: 'DG1',
      occurrence: 2,
      field: 3,
      repetition: 1,
      component: 4,
      subcomponent: 2,
    });
    assert.equal(parsePath('PV1-19.1').component, 1);
  });

  test('reject anything else', () => {
    for (const path of ['PID', 'PID-0', 'pid-3', 'PID-3.', 'PID.3', 'PID-3(0)']) {
      assert.throws(() => parsePath(path), /not an HL7 path/, path);
    }
  });

  test('finds segments by id through an index, in order', () => {
    const m = parseHl7(ADT);
    assert.deepEqual(
      m.segmentsOf('DG1').map((s) => s.value(1)),
      ['1', '2'],
    );
    assert.equal(m.segment('DG1', 2)?.value(3), 'E11.9');
    assert.deepEqual(m.segmentsOf('IN1'), []);
    assert.deepEqual(
      m
        .without(new Set([5]))
        .segmentsOf('DG1')
        .map((s) => s.value(1)),
      ['2'],
    );
  });

  test('refuses more segments than the limit before building them', () => {
    const many = `${ADT}\r${'DG1|9\r'.repeat(20)}`;
    assert.throws(
      () => parseHl7(many, { ...DEFAULT_HL7_LIMITS, maxSegments: 10 }),
      (e: unknown) =>
        e instanceof Hl7LimitError &&
        e.limit === 'maxSegments' &&
        e.message === 'the message has more than 10 segments',
    );
  });

  test('refuses a field with too many repetitions or too long, naming the field', () => {
    const tildes = ADT.replace('DOE^JANE', '~'.repeat(1_000_000));
    assert.throws(
      () => parseHl7(tildes, { ...DEFAULT_HL7_LIMITS, maxFieldLength: 2_000_000 }),
      (e: unknown) =>
        e instanceof Hl7LimitError &&
        e.limit === 'maxRepetitions' &&
        e.message === 'PID-5 has more than 100 repetitions' &&
        e.location?.field === 5,
    );
    const long = ADT.replace('DOE^JANE', 'x'.repeat(70_000));
    assert.throws(
      () => parseHl7(long),
      (e: unknown) =>
        e instanceof Hl7LimitError && e.message === 'PID-5 is longer than 65536 characters',
    );
    const second = ADT.replace('E11.9', 'x'.repeat(70_000));
    assert.throws(() => parseHl7(second), /^Hl7LimitError: DG1\(2\)-3 is longer than/);
  });

  test('builds a field only when it is read', () => {
    const m = parseHl7(ADT);
    const pid = m.segment('PID');
    assert.equal(pid?.fieldCount, 8);
    assert.equal(pid?.value({ field: 3, repetition: 2 }), 'MRN00042');
    assert.equal(m.segment('MSH')?.value(1), '|');
    assert.equal(m.segment('MSH')?.value(2), '^~\\&', 'MSH-2 verbatim');
    assert.equal(m.segment('MSH')?.fieldCount, 12);
  });

  test('reads delimiters runs without building values past the last field or component', () => {
    const m = parseHl7(`${ADT}\rZXX|${'|'.repeat(10_000)}\rZYY|${'^'.repeat(10_000)}`);
    assert.equal(m.segment('ZXX')?.fields.length, 256);
    assert.equal(m.segment('ZYY')?.field(1)[0]?.length, 64);
  });

  test('holds a 1 MiB message of tiny fields in less than 10 times its size', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const text = `${ADT}\r${`ZXX${'|a'.repeat(250)}\r`.repeat(2090)}`;
    const used = (): number => {
      gc();
      const { heapUsed, external } = process.memoryUsage();
      return heapUsed + external;
    };
    const before = used();
    const message = parseHl7(text);
    const held = used() - before;
    assert.equal(message.segments.length, 2097);
    assert.ok(held < 10 * text.length, `${held} bytes held for ${text.length}`);
  });
});
