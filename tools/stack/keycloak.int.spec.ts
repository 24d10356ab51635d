import assert from 'node:assert/strict';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { describe, it } from 'node:test';
import { loadStackConfig } from './config.ts';
import { StackError } from './errors.ts';
import {
  API_AUDIENCE,
  CLI_CLIENT,
  DEMO_CLIENT,
  demoServiceToken,
  discover,
  issuerFor,
  tokenForRole,
} from './oidc.ts';

interface Claims {
  readonly iss: string;
  readonly aud: string | readonly string[];
  readonly azp: string;
  readonly exp: number;
  readonly preferred_username?: string;
  readonly realm_access?: { readonly roles: readonly string[] };
}

type Jwk = JsonWebKey & { kid: string; use?: string; alg?: string };

const decode = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString());

/** RS256 verification against the issuer's JWKS with node:crypto (jose is not a dependency). */
function verifiedClaims(token: string, keys: readonly Jwk[]): Claims {
  const [header, payload, signature] = token.split('.');
  assert.ok(header && payload && signature, 'a JWS in compact form');
  const { alg, kid } = decode(header) as { alg: string; kid: string };
  assert.equal(alg, 'RS256');
  const jwk = keys.find((k) => k.kid === kid);
  assert.ok(jwk, `the JWKS holds the signing key ${kid}`);
  const valid = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) throw new Error('signature does not verify');
  return decode(payload) as Claims;
}

const { infraMode } = await import('@meridian/testing');
const config = loadStackConfig();
// The testcontainers infrastructure has no identity provider; the local stack always has one.
const skip =
  infraMode() === 'testcontainers' && !process.env['OIDC_ISSUER']
    ? 'MERIDIAN_INFRA=testcontainers starts no identity provider (set OIDC_ISSUER to test one)'
    : false;
const issuer = skip ? '' : issuerFor(config);

async function signingKeys(): Promise<Jwk[]> {
  const { jwks_uri } = await discover(issuer);
  const res = await fetch(jwks_uri);
  assert.equal(res.status, 200);
  return ((await res.json()) as { keys: Jwk[] }).keys.filter((k) => k.use !== 'enc');
}

const audiences = (claims: Claims): readonly string[] =>
  typeof claims.aud === 'string' ? [claims.aud] : claims.aud;

describe('the local stack identity provider (Keycloak, realm meridian)', { skip }, () => {
  it('serves OIDC discovery for the issuer in endpoints.json, with a token endpoint and a JWKS holding an RS256 key', async () => {
    const doc = await discover(issuer);
    assert.equal(doc.issuer, issuer);
    assert.ok(doc.token_endpoint.startsWith(`${issuer}/`));
    const keys = await signingKeys();
    assert.ok(keys.some((k) => k.kty === 'RSA' && k.alg === 'RS256'));
  });

  it("issues the coder a token that verifies against the JWKS and carries the issuer, the meridian-api audience and only the coder's realm role", async () => {
    const claims = verifiedClaims(await tokenForRole('coder', config), await signingKeys());
    assert.equal(claims.iss, issuer);
    assert.ok(audiences(claims).includes(API_AUDIENCE), `aud ${JSON.stringify(claims.aud)}`);
    assert.equal(claims.azp, CLI_CLIENT);
    assert.equal(claims.preferred_username, 'coder');
    assert.ok(claims.exp * 1000 > Date.now());
    assert.ok(claims.realm_access?.roles.includes('coder'));
    assert.ok(!claims.realm_access?.roles.includes('admin'));
  });

  it('rejects a token whose payload was altered (roles raised to admin) at signature verification', async () => {
    const token = await tokenForRole('coder', config);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = decode(payload) as Claims;
    const forged = Buffer.from(
      JSON.stringify({ ...claims, realm_access: { roles: ['admin'] } }),
    ).toString('base64url');
    assert.throws(
      () => verifiedClaims(`${header}.${forged}.${signature}`, []),
      /the JWKS holds the signing key/,
    );
    const keys = await signingKeys();
    assert.throws(
      () => verifiedClaims(`${header}.${forged}.${signature}`, keys),
      /does not verify/,
    );
  });

  it("gives the demo feeder's service account its roles and the meridian-api audience (client credentials)", async () => {
    const claims = verifiedClaims(await demoServiceToken(config), await signingKeys());
    assert.equal(claims.azp, DEMO_CLIENT);
    assert.ok(audiences(claims).includes(API_AUDIENCE));
    assert.ok(claims.realm_access?.roles.includes('interface'));
    assert.ok(!claims.realm_access?.roles.includes('phi-reader'));
  });

  it('refuses a wrong password with the OAuth error, as a StackError naming the 401', async () => {
    await assert.rejects(
      tokenForRole('phi-reader', config, { ...process.env, KEYCLOAK_DEMO_PASSWORD: 'not-it' }),
      (error: unknown) =>
        error instanceof StackError &&
        /answered 401/.test(error.message) &&
        /invalid_grant/.test(error.message),
    );
  });
});
