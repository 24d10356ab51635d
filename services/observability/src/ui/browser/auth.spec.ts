import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { challengeOf } from './auth.js';

describe('the PKCE challenge', () => {
  test('is S256 of the verifier as RFC 7636 (appendix B) computes it', async () => {
    assert.equal(
      await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'),
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });
});
