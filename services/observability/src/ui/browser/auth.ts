// Signing the dashboard's user in: OpenID Connect authorization code flow with PKCE (S256) against
// the service's issuer (OIDC_ISSUER; /ui/config.json names its authorization endpoint), as the
// public client `meridian-ui`. This page makes the state, verifier and challenge; the service
// relays the code exchange to the issuer (POST /ui/token: see DashboardSignIn). The access token
// lives in this tab's sessionStorage and goes as a bearer token with every API call; a 401
// (expired, revoked) starts the login again, which the identity provider's session usually
// answers without asking for the password.
import type { UiConfig, UiToken } from '../dashboard-sign-in.js';

const TOKEN_KEY = 'meridian.dashboard.token';
const PENDING_KEY = 'meridian.dashboard.login';
/** A token this close to its expiry is not used: the next call would be refused. */
const EXPIRY_MARGIN_MS = 10_000;

interface StoredToken {
  readonly accessToken: string;
  readonly expiresAt: number;
}

/** What a login in progress keeps across the round trip to the identity provider. */
interface PendingLogin {
  readonly state: string;
  readonly verifier: string;
  /** The route (`#/dlq?...`) the user was on. */
  readonly hash: string;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** RFC 7636 S256: BASE64URL(SHA-256(ASCII(code_verifier))). */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The client id and the issuer's authorization endpoint. */
async function uiConfig(): Promise<UiConfig> {
  return json<UiConfig>(await fetch('/ui/config.json'), 'the sign-in settings');
}

/** Where the identity provider sends the user back: this page, without query or route. */
function redirectUri(): string {
  return `${window.location.origin}/ui/`;
}

function storedToken(): StoredToken | undefined {
  const raw = sessionStorage.getItem(TOKEN_KEY);
  if (!raw) return undefined;
  const token = JSON.parse(raw) as StoredToken;
  return token.expiresAt - EXPIRY_MARGIN_MS > Date.now() ? token : undefined;
}

/** Leaves for the identity provider's login; the page is replaced (the promise never settles). */
export async function startLogin(): Promise<never> {
  sessionStorage.removeItem(TOKEN_KEY);
  const config = await uiConfig();
  const pending: PendingLogin = {
    state: randomText(),
    verifier: randomText(),
    hash: window.location.hash,
  };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(config.authorizationEndpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    scope: 'openid',
    redirect_uri: redirectUri(),
    state: pending.state,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
  return new Promise<never>(() => undefined);
}

/** Trades the code the identity provider sent back for a token; restores the user's route. */
async function finishLogin(params: URLSearchParams): Promise<void> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const pending = raw ? (JSON.parse(raw) as PendingLogin) : undefined;
  // The route the user was on, without the code and state in the address bar.
  window.history.replaceState(null, '', `/ui/${pending?.hash ?? ''}`);
  const error = params.get('error');
  if (error) throw new Error(`sign-in refused: ${params.get('error_description') ?? error}`);
  if (!pending || params.get('state') !== pending.state)
    throw new Error('sign-in answer does not match the login this tab started');
  const response = await fetch('/ui/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      code: params.get('code') ?? '',
      codeVerifier: pending.verifier,
      redirectUri: redirectUri(),
    }),
  });
  const token = await json<UiToken>(response, 'the token exchange');
  const stored: StoredToken = {
    accessToken: token.accessToken,
    expiresAt: Date.now() + token.expiresIn * 1000,
  };
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(stored));
}

/**
 * The signed-in user's access token: the one this tab holds, else the code the identity provider
 * just sent back traded for one, else the login starts (the page leaves).
 */
export async function signIn(): Promise<void> {
  const params = new URLSearchParams(window.location.search);
  if (params.has('code') || params.has('error')) await finishLogin(params);
  if (!storedToken()) await startLogin();
}

/** The bearer token for an API call; none left (expired): the login starts again. */
export async function accessToken(): Promise<string> {
  return storedToken()?.accessToken ?? startLogin();
}

/** The signed-in user's name (the token's `preferred_username`), for the header. */
export function userName(): string | undefined {
  const payload = storedToken()?.accessToken.split('.')[1];
  if (!payload) return undefined;
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as {
    preferred_username?: string;
  };
  return claims.preferred_username;
}
