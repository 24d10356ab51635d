import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { charsetOf, decodeHl7Bytes, encodeHl7Bytes } from './charset.js';

const msh = (charset: string): string =>
  `MSH|^~\\&|EPIC|MGH|MERIDIAN|MGH|20261120083000||ADT^A01^ADT_A01|MSG1|P|2.5.1||||||${charset}\r`;

describe('HL7 character sets (MSH-18)', () => {
  test('reads MSH-18 from the bytes: first repetition, first component', () => {
    assert.equal(charsetOf(Buffer.from(msh('8859/1~UNICODE UTF-8'))), '8859/1');
    assert.equal(charsetOf(Buffer.from(msh(''))), '');
    assert.equal(charsetOf(Buffer.from('not hl7')), '');
    assert.equal(charsetOf(Buffer.from(msh('8859/2').replace('\r', '\nPID|1||X\n'))), '8859/2');
    assert.equal(charsetOf(Buffer.from(msh('8859/2').replace('\r', '\r\nPID|1'))), '8859/2');
    assert.equal(charsetOf(Buffer.from(msh('UTF-8').trimEnd())), 'UTF-8', 'MSH alone, no CR');
  });

  test('decodes ISO 8859-1 and 8859-15 bytes per MSH-18', () => {
    const latin1 = Buffer.concat([
      Buffer.from(msh('8859/1')),
      Buffer.from('PV1|1|I|||||||CAF\xc9', 'latin1'),
    ]);
    const decoded = decodeHl7Bytes(latin1);
    assert.ok(decoded.ok);
    assert.match(decoded.text, /CAFÉ$/);
    const euro = Buffer.concat([Buffer.from(msh('8859/15')), Buffer.of(0xa4)]);
    assert.match(decodeHl7Bytes(euro).text, /€$/);
  });

  test('reads UTF-8 without MSH-18 and under UNICODE UTF-8 or UTF-8', () => {
    for (const charset of ['', 'UNICODE UTF-8', 'UTF-8']) {
      const decoded = decodeHl7Bytes(Buffer.from(`${msh(charset)}PV1|1|I|||||||CAFÉ`));
      assert.ok(decoded.ok, charset);
      assert.match(decoded.text, /CAFÉ$/, charset);
    }
  });

  test('refuses bytes that are not valid in the charset instead of replacing them', () => {
    const invalid = decodeHl7Bytes(Buffer.concat([Buffer.from(msh('')), Buffer.of(0xc9, 0x41)]));
    assert.deepEqual([invalid.ok, !invalid.ok && invalid.problem], [false, 'invalid']);
    const ascii = decodeHl7Bytes(Buffer.concat([Buffer.from(msh('ASCII')), Buffer.of(0xc9)]));
    assert.equal(ascii.ok, false);
  });

  test('refuses a charset it does not read, naming it unsupported', () => {
    const decoded = decodeHl7Bytes(Buffer.from(msh('UNICODE UTF-16')));
    assert.deepEqual([decoded.ok, !decoded.ok && decoded.problem], [false, 'unsupported']);
    assert.equal(decoded.charset, 'UNICODE UTF-16');
  });

  test('encodes a message in the charset its own MSH-18 names, UTF-8 without one', () => {
    assert.deepEqual([...encodeHl7Bytes(`${msh('8859/1')}É`).subarray(-1)], [0xc9]);
    assert.deepEqual([...encodeHl7Bytes(`${msh('')}É`).subarray(-2)], [0xc3, 0x89]);
    assert.deepEqual([...encodeHl7Bytes(`${msh('KOI8')}É`).subarray(-2)], [0xc3, 0x89]);
  });
});
