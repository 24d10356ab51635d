import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encounterIdOf, isCode, isEncounterId } from './identifiers.js';

describe('identifiers', () => {
  test('a code: letter or digit first, then letters, digits . _ -, within its length', () => {
    for (const code of ['MGH', '4W', 'CC-4W', 'a.b_c']) assert.ok(isCode(code), code);
    for (const code of ['', '-4W', '4W^A', 'M:GH', 'MGH ', 'É']) assert.ok(!isCode(code), code);
    assert.ok(!isCode('A'.repeat(33)));
    assert.ok(isCode('A'.repeat(40), 40));
  });

  test('the encounter id qualifies the visit number by its facility', () => {
    assert.equal(encounterIdOf({ visitNumber: 'V1', visitNumberAuthority: 'MGH' }), 'MGH:V1');
    assert.notEqual(
      encounterIdOf({ visitNumber: 'V1', visitNumberAuthority: 'MGH' }),
      encounterIdOf({ visitNumber: 'V1', visitNumberAuthority: 'BWH' }),
    );
    assert.equal(encounterIdOf({ visitNumber: 'V 1/2', visitNumberAuthority: 'BWH' }), 'BWH:V 1/2');
  });

  test('an encounter id needs a facility code, a colon and a visit number of 1 to 64 characters', () => {
    for (const id of ['MGH:V000123', 'BWH:1', `MGH:${'9'.repeat(64)}`])
      assert.ok(isEncounterId(id), id);
    for (const id of [
      'V000123',
      ':V1',
      'MGH:',
      'M^GH:V1',
      'MGH: V1',
      'MGH:V1 ',
      'MGH:V\u00001',
      `MGH:${'9'.repeat(65)}`,
    ])
      assert.ok(!isEncounterId(id), JSON.stringify(id));
    assert.throws(() => encounterIdOf({ visitNumber: 'V\r1', visitNumberAuthority: 'MGH' }));
    assert.throws(() => encounterIdOf({ visitNumber: 'V1', visitNumberAuthority: 'M:GH' }));
  });
});
