import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_DELIMITERS, delimitersFrom, escapeValue, unescapeValue } from './encoding.js';

const d = DEFAULT_DELIMITERS;

describe('HL7 escape sequences', () => {
  test('resolve the delimiter escapes to the delimiters themselves', () => {
    assert.equal(unescapeValue('A\\F\\B\\S\\C\\T\\D\\R\\E\\E\\F', d), 'A|B^C&D~E\\F');
  });

  test('turn \\.br\\ into a line break and \\X..\\ into the characters of its bytes', () => {
    assert.equal(unescapeValue('line 1\\.br\\line 2', d), 'line 1\nline 2');
    assert.equal(unescapeValue('\\X0D0A\\', d), '\r\n');
    assert.equal(unescapeValue('caf\\XC3A9\\', d), 'café');
    assert.equal(unescapeValue('\\XE9\\', d), 'é', 'not UTF-8: read as ISO 8859-1');
  });

  test('keep unknown sequences, bad hex and an unclosed escape verbatim', () => {
    assert.equal(unescapeValue('\\H\\bold\\N\\', d), '\\H\\bold\\N\\');
    assert.equal(unescapeValue('\\XZZ\\', d), '\\XZZ\\');
    assert.equal(unescapeValue('half \\F', d), 'half \\F');
  });

  test('escape every delimiter, the escape character and line breaks so the value round-trips', () => {
    const text = 'a|b^c&d~e\\f\ng\rh';
    const escaped = escapeValue(text, d);
    assert.equal(escaped, 'a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f\\.br\\g\\X0D\\h');
    assert.equal(unescapeValue(escaped, d), text);
  });

  test('escape control characters but TAB as hex, so a value cannot end an MLLP frame', () => {
    const text = 'a\0b\x0bc\x1cd\x7fe\tf';
    const escaped = escapeValue(text, d);
    assert.equal(escaped, 'a\\X00\\b\\X0B\\c\\X1C\\d\\X7F\\e\tf');
    assert.equal(unescapeValue(escaped, d), text);
  });

  test('leave text with nothing to escape as it is, and escape a single such character at its end', () => {
    assert.equal(escapeValue('Jane Q. Doe, née Müller\t😀', d), 'Jane Q. Doe, née Müller\t😀');
    for (const special of ['|', '^', '&', '~', '\\', '\n', '\r', '\0', '\x1c', '\x7f']) {
      const text = `abc${special}`;
      assert.notEqual(escapeValue(text, d), text, JSON.stringify(special));
      assert.equal(unescapeValue(escapeValue(text, d), d), text, JSON.stringify(special));
    }
  });

  test('use the delimiters the message declares', () => {
    const custom = delimitersFrom('#', '$*!@');
    assert.ok(custom);
    assert.equal(escapeValue('a#b$c', custom), 'a!F!b!S!c');
    assert.equal(unescapeValue('a!F!b!S!c', custom), 'a#b$c');
  });
});

describe('encoding characters', () => {
  test('accept MSH-2 with four characters, or five with the v2.7 truncation character', () => {
    assert.deepEqual(delimitersFrom('|', '^~\\&'), d);
    assert.deepEqual(delimitersFrom('|', '^~\\&#'), d);
  });

  test('reject missing, repeated or alphanumeric characters', () => {
    for (const characters of ['^~\\', '^^\\&', '^~\\A', '^~|&', '', '^~\\\0', '^\x1c\\&']) {
      assert.equal(delimitersFrom('|', characters), undefined, characters);
    }
  });
});
