import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InvalidRequestException, ProblemException, SERVICE_CONFIG } from '@meridian/service-kit';
import type { AppConfig } from '../config/app.config.js';

/**
 * What the dashboard needs to sign its user in (`GET /ui/config.json`, public: no data): the
 * public client of the authorization code flow with PKCE (UI_OIDC_CLIENT_ID) and the
 * authorization endpoint of the issuer (OIDC_ISSUER's discovery document).
 */
export interface UiConfig {
  readonly clientId: string;
  readonly authorizationEndpoint: string;
}

/** The token the dashboard keeps: the access token only (no refresh or id token). */
export interface UiToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

interface Discovery {
  readonly authorization_endpoint: string;
  readonly token_endpoint: string;
}

/** A login the identity provider refused (a reused or expired code, a wrong verifier). */
export const SIGN_IN_REFUSED = 'urn:meridian:problem:sign-in-refused';

function unavailable(cause: unknown): ProblemException {
  return new ProblemException(
    HttpStatus.SERVICE_UNAVAILABLE,
    { detail: 'the identity provider does not answer' },
    { cause },
  );
}

/**
 * The dashboard's side of OIDC: its config, and the code exchange relayed to the issuer's token
 * endpoint. The browser runs the flow (state, PKCE S256 verifier and challenge); the service only
 * relays the exchange, server to server, because the identity provider answers a browser's token
 * request only from the registered web origins, and the loopback redirect URIs a test or a
 * developer uses (`http://127.0.0.1:<any port>/ui/`, RFC 8252) are not among them.
 */
@Injectable()
export class DashboardSignIn {
  private discovery: Promise<Discovery> | undefined;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: AppConfig) {}

  async uiConfig(): Promise<UiConfig> {
    const { authorization_endpoint } = await this.endpoints();
    return { clientId: this.config.uiOidcClientId, authorizationEndpoint: authorization_endpoint };
  }

  /** `POST /ui/token` `{ code, codeVerifier, redirectUri }`: the access token, or why not. */
  async exchange(body: unknown): Promise<UiToken> {
    const fields = exchangeFields(body);
    const { token_endpoint } = await this.endpoints();
    let response: Response;
    try {
      response = await fetch(token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: this.config.uiOidcClientId,
          code: fields.code,
          code_verifier: fields.codeVerifier,
          redirect_uri: fields.redirectUri,
        }).toString(),
        signal: AbortSignal.timeout(this.config.oidcTimeoutMs),
      });
    } catch (error) {
      throw unavailable(error);
    }
    const answer = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (response.ok && answer.access_token && typeof answer.expires_in === 'number')
      return { accessToken: answer.access_token, expiresIn: answer.expires_in };
    if (response.status >= 500) throw unavailable(new Error(`HTTP ${response.status}`));
    throw new ProblemException(HttpStatus.BAD_REQUEST, {
      type: SIGN_IN_REFUSED,
      title: 'Sign-in refused',
      detail: `the identity provider refused the code: ${answer.error ?? `HTTP ${response.status}`}`,
    });
  }

  private endpoints(): Promise<Discovery> {
    this.discovery ??= this.discover().catch((error: unknown) => {
      this.discovery = undefined;
      throw unavailable(error);
    });
    return this.discovery;
  }

  private async discover(): Promise<Discovery> {
    const url = `${this.config.oidcIssuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(this.config.oidcTimeoutMs) });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    const discovery = (await response.json()) as Partial<Discovery>;
    if (!discovery.authorization_endpoint || !discovery.token_endpoint)
      throw new Error(`${url} names no authorization or token endpoint`);
    return discovery as Discovery;
  }
}

const MAX_FIELD = 4_096;

/** The exchange's body, or a 400 naming each missing or bad field. */
function exchangeFields(body: unknown): {
  code: string;
  codeVerifier: string;
  redirectUri: string;
} {
  const record =
    typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : {};
  const errors: { field: string; message: string }[] = [];
  const text = (name: string): string => {
    const value = record[name];
    if (typeof value === 'string' && value.length > 0 && value.length <= MAX_FIELD) return value;
    errors.push({ field: name, message: `is required: a string of at most ${MAX_FIELD}` });
    return '';
  };
  const fields = {
    code: text('code'),
    codeVerifier: text('codeVerifier'),
    redirectUri: text('redirectUri'),
  };
  for (const name of Object.keys(record))
    if (!(name in fields)) errors.push({ field: name, message: 'is not a known field' });
  if (errors.length > 0) throw new InvalidRequestException(errors);
  return fields;
}

/**
 * Only this origin's scripts, styles and API (the page builds its elements with textContent):
 * the login page is a navigation, as are links to Jaeger, which this does not restrict.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
