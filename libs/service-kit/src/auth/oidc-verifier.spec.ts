// The verifier's rules on tokens signed by a key of a local issuer (discovery document and JWKS
// served by this test): pure token checking, without the identity provider. The real Keycloak
// is in auth.int.spec.ts.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import {
  IdentityProviderUnavailableError,
  InvalidTokenError,
  OidcVerifier,
} from './oidc-verifier.js';

const AUDIENCE = 'meridian-api';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('OidcVerifier', () => {
  let server: Server;
  let issuer: string;
  let sign: (claims: JWTPayload, options?: { alg?: string; key?: PrivateKey }) => Promise<string>;
  let verifier: OidcVerifier;
  let discoveries = 0;

  before(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url?.endsWith('/.well-known/openid-configuration')) {
        discoveries += 1;
        response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/certs` }));
      } else if (request.url?.endsWith('/certs')) {
        response.end(JSON.stringify({ keys: [jwk] }));
      } else {
        response.statusCode = 404;
        response.end('{}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/test`;
    sign = (claims, options = {}) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: 'k1' })
        .sign(options.key ?? privateKey);
    verifier = new OidcVerifier({
      issuer,
      audience: AUDIENCE,
      clockToleranceS: 30,
      rolesClaim: 'realm_access.roles',
      timeoutMs: 2_000,
    });
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (more: JWTPayload = {}): JWTPayload => ({
    iss: issuer,
    aud: [AUDIENCE, 'account'],
    sub: 'user-1',
    azp: 'meridian-cli',
    preferred_username: 'coder',
    exp: now() + 300,
    iat: now(),
    realm_access: { roles: ['coder', 'offline_access', 'uma_authorization'] },
    ...more,
  });

  const refused = async (token: string, reason: RegExp) =>
    assert.rejects(verifier.verify(token), (error: unknown) => {
      assert.ok(error instanceof InvalidTokenError, String(error));
      assert.match(error.message, reason);
      return true;
    });

  it('accepts a token of the issuer for the audience, with the Meridian roles only', async () => {
    const caller = await verifier.verify(await sign(claims()));
    assert.deepEqual(caller, {
      subject: 'user-1',
      username: 'coder',
      clientId: 'meridian-cli',
      roles: ['coder'],
    });
  });

  it('fetches the discovery document once for many tokens', async () => {
    const before = discoveries;
    for (let i = 0; i < 3; i += 1) await verifier.verify(await sign(claims()));
    assert.equal(discoveries, before);
  });

  it('accepts a token expired within the clock tolerance, refuses one expired beyond it', async () => {
    await verifier.verify(await sign(claims({ exp: now() - 10 })));
    await refused(await sign(claims({ exp: now() - 60 })), /expired/);
  });

  it('refuses a token not yet valid beyond the tolerance', async () => {
    await refused(await sign(claims({ nbf: now() + 120 })), /nbf/);
  });

  it('refuses a token for another audience', async () => {
    await refused(await sign(claims({ aud: 'account' })), /aud/);
  });

  it('refuses a token of another issuer', async () => {
    await refused(await sign(claims({ iss: 'http://elsewhere/realms/test' })), /iss/);
  });

  it('refuses a token signed by a key the issuer does not publish', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    await refused(await sign(claims(), { key: privateKey }), /signature/);
  });

  it('refuses a token signed with a shared secret (HS256) or unsigned', async () => {
    const secret = new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!');
    const hs = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    await refused(hs, /algorithm/);
    const [, body] = (await sign(claims())).split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    await refused(none, /algorithm|malformed/);
  });

  it('refuses a token without a subject or expiry, and garbage', async () => {
    await refused(await sign(claims({ sub: undefined })), /sub/);
    await refused(await sign(claims({ exp: undefined })), /exp/);
    await refused('not.a.token', /malformed/);
  });

  it('reads no roles from a token without the roles claim', async () => {
    const caller = await verifier.verify(await sign(claims({ realm_access: undefined })));
    assert.deepEqual(caller.roles, []);
  });

  it('reports an issuer that does not answer as unavailable, not as a bad token', async () => {
    const down = new OidcVerifier({
      issuer: 'http://127.0.0.1:9/realms/none',
      audience: AUDIENCE,
      clockToleranceS: 30,
      rolesClaim: 'realm_access.roles',
      timeoutMs: 1_000,
    });
    await assert.rejects(down.verify(await sign(claims())), IdentityProviderUnavailableError);
  });
});
