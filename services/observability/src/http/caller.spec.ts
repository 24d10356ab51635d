import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { actor, mayReadPhi } from './caller.js';

describe('mayReadPhi', () => {
  test('never while the role header is not trusted', () => {
    assert.equal(mayReadPhi({ 'x-meridian-roles': 'phi-reader' }, false), false);
  });

  test('when trusted, only for a caller whose roles name phi-reader', () => {
    assert.equal(mayReadPhi({ 'x-meridian-roles': 'sre, phi-reader' }, true), true);
    assert.equal(mayReadPhi({ 'x-meridian-roles': 'sre,phi-readers' }, true), false);
    assert.equal(mayReadPhi({}, true), false);
  });
});

describe('actor', () => {
  test('the body first, then the X-Meridian-User header, then anonymous', () => {
    assert.equal(actor('alice', { 'x-meridian-user': 'bob' }), 'alice');
    assert.equal(actor(undefined, { 'x-meridian-user': 'bob' }), 'bob');
    assert.equal(actor(undefined, {}), 'anonymous');
  });
});
