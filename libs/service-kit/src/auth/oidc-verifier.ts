import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { MERIDIAN_ROLES, type Role } from './roles.js';
import type { Caller } from './call.js';

export interface OidcSettings {
  /** OIDC_ISSUER: the `iss` tokens carry; its discovery document names the JWKS. */
  readonly issuer: string;
  /** OIDC_AUDIENCE: the `aud` tokens must carry. */
  readonly audience: string;
  /** OIDC_CLOCK_TOLERANCE_S: skew allowed on `exp`, `nbf` and `iat`. */
  readonly clockToleranceS: number;
  /** OIDC_ROLES_CLAIM: dotted path of the roles array (Keycloak: `realm_access.roles`). */
  readonly rolesClaim: string;
  /** OIDC_DISCOVERY_TIMEOUT_MS: one discovery or JWKS request. */
  readonly timeoutMs: number;
}

/** The token is missing, malformed, expired, not signed by the issuer or not for this audience. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/** The issuer's discovery document or keys could not be fetched: not the caller's fault (503). */
export class IdentityProviderUnavailableError extends Error {
  override readonly name = 'IdentityProviderUnavailableError';
}

/** Asymmetric algorithms only: a token signed with a shared secret (HS256) or `none` is refused. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

const KNOWN_ROLES: ReadonlySet<string> = new Set(MERIDIAN_ROLES);

function claimAt(payload: JWTPayload, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined,
      payload,
    );
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/**
 * Verifies bearer tokens against the issuer's keys: signature (asymmetric algorithms), `iss`,
 * `aud`, `exp`/`nbf` within the clock tolerance. The JWKS URL comes from the issuer's OpenID
 * Connect discovery document, fetched on the first token (a service starts without its identity
 * provider) and again after a failure; jose caches the keys and refetches them for an unknown `kid`
 * (a key rotation), at most every 30 s.
 */
export class OidcVerifier {
  private keys: Promise<JWTVerifyGetKey> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  async verify(token: string): Promise<Caller> {
    const keys = await this.jwks();
    const { issuer, audience, clockToleranceS, rolesClaim } = this.settings;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer,
        audience,
        clockTolerance: clockToleranceS,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
        throw new IdentityProviderUnavailableError(
          `the issuer's keys could not be read: ${(error as Error).message}`,
        );
      }
      if (error instanceof errors.JOSEError) throw new InvalidTokenError(describe(error));
      // A network failure while fetching the keys: the identity provider, not the token.
      this.keys = undefined;
      throw new IdentityProviderUnavailableError(
        `the issuer's keys could not be read: ${(error as Error).message}`,
      );
    }
    const claimed = claimAt(payload, rolesClaim);
    const roles = Array.isArray(claimed)
      ? claimed.filter((r): r is Role => typeof r === 'string' && KNOWN_ROLES.has(r))
      : [];
    return {
      subject: payload.sub ?? '',
      username: text(payload['preferred_username']),
      clientId: text(payload['azp']),
      roles,
    };
  }

  private jwks(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.discover().catch((error: unknown) => {
      this.keys = undefined;
      throw error;
    });
    return this.keys;
  }

  private async discover(): Promise<JWTVerifyGetKey> {
    const { issuer, timeoutMs } = this.settings;
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    let document: { jwks_uri?: unknown; issuer?: unknown };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      document = (await response.json()) as typeof document;
    } catch (error) {
      throw new IdentityProviderUnavailableError(
        `OIDC discovery of ${issuer} failed: ${(error as Error).message}`,
      );
    }
    if (document.issuer !== issuer || typeof document.jwks_uri !== 'string') {
      throw new IdentityProviderUnavailableError(
        `OIDC discovery of ${issuer} names issuer ${String(document.issuer)} and jwks_uri ${String(document.jwks_uri)}: check OIDC_ISSUER`,
      );
    }
    return createRemoteJWKSet(new URL(document.jwks_uri), { timeoutDuration: timeoutMs });
  }
}

/** Why a token was refused, for the 401's detail: the reason, never the token or its claims. */
function describe(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `the token's ${error.claim} claim is not accepted (${error.reason})`;
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return 'the token is not signed by a key of the issuer';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'the token signature is invalid';
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'the token is signed with an algorithm that is not accepted';
  return 'the token is malformed';
}
