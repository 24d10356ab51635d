import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { answerBody, responseEntry, returnPreference } from './fhir-prefer.js';
import type { WriteResult } from './fhir-prefer.js';

const outcome = {
  resourceType: 'OperationOutcome' as const,
  issue: [{ severity: 'information' as const, code: 'informational' as const }],
};
const created: WriteResult = {
  status: 201,
  outcome,
  resource: '{"resourceType":"Encounter","id":"e1"}',
  location: 'Encounter/e1/_history/2',
  etag: 'W/"2"',
};
const invalid: WriteResult = {
  status: 422,
  outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'required' }] },
};

describe('Prefer: return', () => {
  test('reads the return preference among others, and nothing else', () => {
    assert.equal(returnPreference('return=minimal'), 'minimal');
    assert.equal(returnPreference('handling=strict, return="representation"'), 'representation');
    assert.equal(returnPreference('respond-async; return=OperationOutcome'), 'OperationOutcome');
    assert.equal(returnPreference('return=everything'), undefined);
    assert.equal(returnPreference(undefined), undefined);
  });

  test('answers a success with nothing, the resource or the outcome; an error always with its outcome', () => {
    assert.equal(answerBody(created, 'minimal'), undefined);
    assert.equal(answerBody(created, 'representation'), created.resource);
    assert.equal(answerBody(created, 'OperationOutcome'), JSON.stringify(outcome));
    assert.equal(answerBody(created, undefined), JSON.stringify(outcome));
    assert.equal(answerBody(invalid, 'minimal'), JSON.stringify(invalid.outcome));
  });

  test('shapes each Bundle entry response the same way', () => {
    assert.deepEqual(responseEntry(created, 'minimal'), {
      response: { status: '201 Created', location: 'Encounter/e1/_history/2', etag: 'W/"2"' },
    });
    assert.deepEqual(responseEntry(created, 'representation').resource, {
      resourceType: 'Encounter',
      id: 'e1',
    });
    assert.deepEqual(responseEntry(created, undefined).response?.outcome, outcome);
    assert.deepEqual(responseEntry(invalid, 'minimal'), {
      response: { status: '422 Unprocessable Entity', outcome: invalid.outcome },
    });
  });
});
