import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildAck, describeLocation } from './ack.js';
import { parseHl7 } from './codec.js';

const ORIGINAL = parseHl7(
  [
    'MSH|^~\\&|EPIC^1.2.3^ISO|MGH|MERIDIAN|MGH|20261120083000-0500||ADT^A03^ADT_A03|MSG0042|T|2.5.1',
    'EVN|A03|20261120083000-0500',
  ].join('\r'),
);
const AT = new Date('2026-11-20T13:30:00.250Z');

describe('ACK builder', () => {
  test('swaps sender and receiver, keeps MSH-11/12 and answers the original control id', () => {
    const ack = parseHl7(buildAck(ORIGINAL, { code: 'AA', controlId: 'ACK1', at: AT }));
    assert.equal(ack.get('MSH-3'), 'MERIDIAN');
    assert.equal(ack.get('MSH-4'), 'MGH');
    assert.equal(ack.get('MSH-5.1'), 'EPIC');
    assert.equal(ack.get('MSH-5.2'), '1.2.3', 'the HD keeps its components');
    assert.equal(ack.get('MSH-7'), '20261120133000.250+0000');
    assert.deepEqual(
      [ack.get('MSH-9.1'), ack.get('MSH-9.2'), ack.get('MSH-9.3')],
      ['ACK', 'A03', 'ACK'],
    );
    assert.equal(ack.get('MSH-10'), 'ACK1');
    assert.equal(ack.get('MSH-11'), 'T');
    assert.equal(ack.get('MSH-12'), '2.5.1');
    assert.equal(ack.get('MSA-1'), 'AA');
    assert.equal(ack.get('MSA-2'), 'MSG0042');
    assert.equal(ack.segmentsOf('ERR').length, 0);
    assert.equal(ack.get('MSH-18'), '');
  });

  test('names the character set it is sent in in MSH-18', () => {
    const options = { code: 'AA', controlId: 'ACK1', at: AT, charset: '8859/1' } as const;
    assert.equal(parseHl7(buildAck(ORIGINAL, options)).get('MSH-18'), '8859/1');
  });

  test('writes one ERR per error with location, table 0357 code, severity and user message', () => {
    const text = buildAck(ORIGINAL, {
      code: 'AE',
      controlId: 'ACK2',
      at: AT,
      timeZone: 'America/New_York',
      errors: [
        {
          code: 101,
          location: { segment: 'PID', field: 3 },
          message: 'PID-3 is required',
        },
        {
          code: 102,
          location: { segment: 'PV1', field: 45 },
          message: 'PV1-45 is not a valid HL7 timestamp',
        },
        {
          code: 103,
          location: { segment: 'DG1', sequence: 2, field: 3, component: 3 },
          message: 'DG1(2)-3.3 is not ICD-10-CM',
        },
      ],
    });
    const lines = text.split('\r');
    assert.equal(lines[1], 'MSA|AE|MSG0042');
    assert.equal(
      lines[2],
      'ERR||PID^1^3|101^Required field missing^HL70357|E||||PID-3 is required',
    );
    assert.equal(
      lines[3],
      'ERR||PV1^1^45|102^Data type error^HL70357|E||||PV1-45 is not a valid HL7 timestamp',
    );
    assert.equal(
      lines[4],
      'ERR||DG1^2^3^1^3|103^Table value not found^HL70357|E||||DG1(2)-3.3 is not ICD-10-CM',
    );
    assert.match(lines[0] ?? '', /\|20261120083000\.250-0500\|/);
    assert.equal(text.endsWith('\r'), true);
  });

  test('escapes delimiters in the user message', () => {
    const text = buildAck(ORIGINAL, {
      code: 'AR',
      controlId: 'ACK3',
      at: AT,
      errors: [{ code: 100, location: { segment: 'OBX', sequence: 2 }, message: 'a|b^c' }],
    });
    assert.match(
      text,
      /ERR\|\|OBX\^2\|100\^Segment sequence error\^HL70357\|E\|\|\|\|a\\F\\b\\S\\c/,
    );
  });

  test('still answers input it could not read, with an empty MSA-2', () => {
    const ack = parseHl7(
      buildAck(undefined, {
        code: 'AR',
        controlId: 'ACK4',
        at: AT,
        errors: [{ code: 100, message: 'the message does not start with an MSH segment' }],
      }),
    );
    assert.equal(ack.get('MSH-9'), 'ACK');
    assert.equal(ack.get('MSH-12'), '2.5.1');
    assert.equal(ack.get('MSA-1'), 'AR');
    assert.equal(ack.get('MSA-2'), '');
    assert.equal(ack.get('ERR-2'), '');
  });
});

describe('error locations', () => {
  test('read as people write them', () => {
    assert.equal(describeLocation({ segment: 'PID', field: 3 }), 'PID-3');
    assert.equal(describeLocation({ segment: 'PV1', field: 7, component: 13 }), 'PV1-7.13');
    assert.equal(
      describeLocation({ segment: 'DG1', sequence: 2, field: 3, component: 1 }),
      'DG1(2)-3.1',
    );
    assert.equal(describeLocation({ segment: 'OBX', sequence: 2 }), 'OBX(2)');
  });
});
