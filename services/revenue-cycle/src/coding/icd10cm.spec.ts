import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { icd10CmProblem, isIcd10Cm, normalizeIcd10Cm } from './icd10cm.js';

describe('ICD-10-CM code format', () => {
  test('accepts categories and dotted subcodes of up to 4 characters', () => {
    for (const code of [
      'I50.23',
      'J18.9',
      'N39.0',
      'A41.9',
      'S72.001A',
      'E11',
      'Z99.89',
      'U07.1',
    ]) {
      assert.equal(isIcd10Cm(code), true, code);
    }
  });

  test('rejects codes that break the letter-digit-alphanumeric pattern or the dot rule', () => {
    for (const code of [
      '150.23',
      'II0.1',
      'I5',
      'I50.',
      'I50.12345',
      'I50-23',
      'I5023X',
      '',
      'I50 .2',
    ]) {
      assert.equal(isIcd10Cm(code), false, code);
    }
  });

  test('rejects reserved U codes except U07.1', () => {
    assert.match(icd10CmProblem('U09.9') ?? '', /reserved U code/);
    assert.equal(icd10CmProblem('U07.1'), undefined);
  });

  test('normalizes case and surrounding blanks before checking', () => {
    assert.equal(normalizeIcd10Cm(' j18.9 '), 'J18.9');
    assert.equal(isIcd10Cm(normalizeIcd10Cm('i50.23')), true);
  });
});
