import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { invalidFields, invalidRequestErrors } from '@meridian/service-kit/testing';
import { parseCompleteCodingBody } from './complete-coding.request.js';

const CODER = 'coder-17';
const parse = (body: unknown) => parseCompleteCodingBody(body, CODER);
const fieldsOf = (body: unknown): string[] => invalidFields(() => parse(body));

const valid = {
  diagnoses: [
    { code: 'I50.23', principal: true, presentOnAdmission: 'Y' },
    { code: 'n18.3', principal: false, presentOnAdmission: '1' },
  ],
};

describe('completing a coding-queue item: the request body', () => {
  test('reads the codes of the calling coder, normalized, POA (1 as EXEMPT) and keeps EHR procedures when none are given', () => {
    const input = parse(valid);
    assert.equal(input.coderId, CODER);
    assert.deepEqual(input.diagnoses, [
      { code: 'I50.23', principal: true, presentOnAdmission: 'Y' },
      { code: 'N18.3', principal: false, presentOnAdmission: 'EXEMPT' },
    ]);
    assert.equal(input.procedures, undefined);
  });

  test('reads coded procedures, an empty list meaning none', () => {
    const input = parse({
      ...valid,
      procedures: [
        { code: '02hv33z', codeSystem: 'ICD10PCS', performedOn: '2026-03-03' },
        { code: '93005', codeSystem: 'CPT' },
      ],
    });
    assert.deepEqual(input.procedures, [
      { code: '02HV33Z', codeSystem: 'ICD10PCS', performedOn: '2026-03-03' },
      { code: '93005', codeSystem: 'CPT', performedOn: null },
    ]);
    assert.deepEqual(parse({ ...valid, procedures: [] }).procedures, []);
  });

  test('names the invalid code by its position, e.g. diagnoses[1].code', () => {
    assert.deepEqual(
      fieldsOf({
        ...valid,
        diagnoses: [
          valid.diagnoses[0],
          { code: 'I50.', principal: false, presentOnAdmission: 'Y' },
        ],
      }),
      ['diagnoses[1].code'],
    );
  });

  test('stores a code given without the dot dotted, and rejects the U codes ICD-10-CM does not use', () => {
    const withCode = (code: string) => ({
      ...valid,
      diagnoses: [{ code, principal: true, presentOnAdmission: 'Y' }],
    });
    assert.deepEqual(fieldsOf(withCode('U07.2')), ['diagnoses[0].code']);
    assert.equal(parse(withCode('U099')).diagnoses[0]?.code, 'U09.9');
    assert.equal(parse(withCode('i5023')).diagnoses[0]?.code, 'I50.23');
  });

  test('requires exactly one principal diagnosis', () => {
    const none = valid.diagnoses.map((d) => ({ ...d, principal: false }));
    const two = valid.diagnoses.map((d) => ({ ...d, principal: true }));
    assert.deepEqual(fieldsOf({ ...valid, diagnoses: none }), ['diagnoses']);
    assert.deepEqual(fieldsOf({ ...valid, diagnoses: two }), ['diagnoses']);
  });

  test('accepts POA Y, N, U, W and 1 only', () => {
    assert.deepEqual(
      fieldsOf({
        ...valid,
        diagnoses: [{ code: 'J18.9', principal: true, presentOnAdmission: 'X' }],
      }),
      ['diagnoses[0].presentOnAdmission'],
    );
  });

  test('refuses a body naming the coder: the coder is the caller, whoever the body names', () => {
    const errors = invalidRequestErrors(() => parse({ ...valid, coderId: 'someone-else' }));
    assert.deepEqual(
      errors.map((e) => e.field),
      ['coderId'],
    );
    assert.match(errors[0]?.message ?? '', /caller of the bearer token/);
    assert.deepEqual(fieldsOf({ ...valid, coderId: CODER }), ['coderId']);
    assert.deepEqual(fieldsOf({ ...valid, coderId: null }), ['coderId']);
  });

  test('names every missing, mistyped, repeated or unknown field at once', () => {
    assert.deepEqual(
      fieldsOf({
        diagnoses: [
          { code: 'J18.9', principal: 'yes', presentOnAdmission: 'Y' },
          { code: 'J18.9', principal: false, presentOnAdmission: 'N', note: 'x' },
        ],
        procedures: [
          { code: '7104', codeSystem: 'CPT', performedOn: '2026-02-30' },
          { code: '1', codeSystem: 'LOINC' },
        ],
        extra: true,
      }),
      [
        'extra',
        'diagnoses[0].principal',
        'diagnoses[1].note',
        'diagnoses[1].code',
        'procedures[0].code',
        'procedures[0].performedOn',
        'procedures[1].codeSystem',
      ],
    );
  });

  test('requires a JSON object with at least one diagnosis', () => {
    assert.deepEqual(fieldsOf([]), ['body']);
    assert.deepEqual(fieldsOf({ diagnoses: [] }), ['diagnoses']);
  });
});
