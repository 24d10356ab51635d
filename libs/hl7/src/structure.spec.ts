import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Hl7Message, Hl7Segment, repeated } from './message.js';
import { parseStructure, validateStructure } from './structure.js';
import type { AdtStructureId } from './structure.js';

function message(ids: string): Hl7Message {
  const [, ...rest] = ids.split(' ');
  return Hl7Message.create(
    [],
    rest.map((id) => Hl7Segment.of(id, ['1'])),
  );
}

const check = (ids: string, structure: AdtStructureId) =>
  validateStructure(message(ids), structure, 'strict').violations;

describe('ADT message structures', () => {
  test('read the standard notation into optional, repeating segments and groups', () => {
    const [pr1Group] = parseStructure('[{PR1 [{ROL}]}]');
    assert.equal(pr1Group?.kind, 'group');
    assert.equal(pr1Group?.optional, true);
    assert.equal(pr1Group?.repeating, true);
    assert.deepEqual(parseStructure('[{ROL}]'), [
      { kind: 'segment', id: 'ROL', optional: true, repeating: true },
    ]);
    assert.throws(() => parseStructure('[{PR1}'), /unbalanced/);
    assert.throws(() => parseStructure('{[ROL] PR1}'), /start with a required segment/);
  });

  test('accept a full A01 with repeating groups and ROL in each of its places', () => {
    const ids =
      'MSH SFT EVN PID PD1 ROL NK1 NK1 PV1 PV2 ROL DB1 OBX OBX AL1 DG1 DG1 DRG PR1 ROL ROL PR1 GT1 IN1 IN2 IN3 IN3 ROL IN1 ACC UB1 UB2 PDA';
    assert.deepEqual(check(ids, 'ADT_A01'), []);
  });

  test('accept a minimal message of each structure', () => {
    for (const structure of ['ADT_A01', 'ADT_A02', 'ADT_A03', 'ADT_A09'] as const) {
      assert.deepEqual(check('MSH EVN PID PV1', structure), [], structure);
    }
  });

  test('ignore Z-segments anywhere', () => {
    assert.deepEqual(check('MSH ZXX EVN PID ZPI PV1 ZPV DG1 ZZZ', 'ADT_A03'), []);
  });

  test('name a missing required segment and where it was expected', () => {
    const [violation] = check('MSH EVN PV1 DG1', 'ADT_A03');
    assert.equal(violation?.kind, 'missing');
    assert.equal(violation?.segment, 'PID');
    assert.equal(violation?.position, 3);
    assert.match(
      violation?.message ?? '',
      /required segment PID is missing: found PV1 at position 3/,
    );
    const [atEnd] = check('MSH EVN PID', 'ADT_A02');
    assert.equal(atEnd?.segment, 'PV1');
    assert.equal(atEnd?.position, 4);
  });

  test('name a segment out of order with its position and occurrence', () => {
    const [violation] = check('MSH EVN PID PV1 DG1 IN1 DG1', 'ADT_A03');
    assert.equal(violation?.kind, 'unexpected');
    assert.equal(violation?.segment, 'DG1');
    assert.equal(violation?.position, 7);
    assert.equal(violation?.occurrence, 2);
    assert.match(violation?.message ?? '', /DG1 at position 7 is not allowed after IN1/);
  });

  test('refuse segments a structure does not carry', () => {
    assert.equal(check('MSH EVN PID PV1 DG1', 'ADT_A02')[0]?.segment, 'DG1');
    assert.equal(check('MSH EVN PID PV1 PR1', 'ADT_A09')[0]?.segment, 'PR1');
    assert.equal(check('MSH EVN PID PV1 OBX DG1', 'ADT_A03')[0]?.segment, 'DG1', 'OBX after DG1');
  });

  test('require a group to be complete: IN1 before IN2', () => {
    assert.equal(check('MSH EVN PID PV1 IN2', 'ADT_A01')[0]?.segment, 'IN2');
  });

  test('leniently ignore segments out of place and list them with their position', () => {
    const result = validateStructure(message('MSH EVN PID PV1 IN1 ZPV PV1 DG1'), 'ADT_A02');
    assert.deepEqual(result.violations, []);
    assert.deepEqual(result.ignored, [
      'IN1 (segment 5)',
      'ZPV (segment 6)',
      'PV1 (segment 7)',
      'DG1 (segment 8)',
    ]);
    assert.deepEqual([...result.ignoredSegments], [5, 6, 7, 8]);
  });

  test('leniently ignore a segment that comes before a required one sent later', () => {
    const result = validateStructure(message('MSH EVN DG1 PID PV1'), 'ADT_A03');
    assert.deepEqual(result.violations, []);
    assert.deepEqual(result.ignored, ['DG1 (segment 3)']);
  });

  test('still reject a missing required segment when lenient', () => {
    const [violation] = validateStructure(message('MSH EVN PV1 DG1'), 'ADT_A03').violations;
    assert.equal(violation?.kind, 'missing');
    assert.equal(violation?.segment, 'PID');
  });

  test('list fields past the last field of a segment, in both modes', () => {
    const pv1 = Hl7Segment.of('PV1', [...Array.from({ length: 52 }, () => ''), '', 'X', '', 'Y']);
    const m = Hl7Message.create(
      [],
      [Hl7Segment.of('EVN', ['A02']), Hl7Segment.of('PID', ['1']), pv1],
    );
    for (const mode of ['strict', 'lenient'] as const) {
      const result = validateStructure(m, 'ADT_A02', mode);
      assert.deepEqual(result.violations, [], mode);
      assert.deepEqual(result.ignored, ['PV1-53 to PV1-56 (segment 4)'], mode);
    }
  });

  test('list repetitions of a field that does not repeat and components past its type', () => {
    const pv1 = Hl7Segment.of('PV1', [
      '1',
      'I',
      [[['4W'], ['401'], ['A'], ['MGH'], ...Array<string[]>(8).fill(['']), ['X']]],
      ...Array<string>(15).fill(''),
      repeated(['V1', '', '', 'MGH'], ['V2']),
    ]);
    const m = Hl7Message.create(
      [],
      [
        Hl7Segment.of('EVN', ['A02']),
        Hl7Segment.of('PID', ['1', '', repeated(['M1'], ['M2'])]),
        pv1,
      ],
    );
    assert.deepEqual(validateStructure(m, 'ADT_A02').ignored, [
      'PV1-3 components after PV1-3.11 (segment 4)',
      'PV1-19 repetitions after the first (segment 4)',
    ]);
  });
});
