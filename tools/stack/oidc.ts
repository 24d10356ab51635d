import { existsSync, readFileSync } from 'node:fs';
import type { StackEndpointsFile } from '@meridian/testing';
import { stackPaths, type StackConfig } from './config.ts';
import { StackError } from './errors.ts';
import { readKeycloakCredentials } from './keycloak-credentials.ts';

/** The public client developers' one-line tokens come from (password grant). */
export const CLI_CLIENT = 'meridian-cli';
/** The demo feeder's confidential client (client credentials grant, service account roles). */
export const DEMO_CLIENT = 'meridian-demo';
/** The audience every token for the services carries. */
export const API_AUDIENCE = 'meridian-api';

/** The parts of an OIDC discovery document this code reads. */
export interface OidcDiscovery {
  readonly issuer: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const body = await res.text();
  if (!res.ok) {
    // Keycloak's token errors are OAuth error objects ({ error, error_description }): no secrets.
    throw new StackError(`${init?.method ?? 'GET'} ${url} answered ${res.status}: ${body}`);
  }
  return JSON.parse(body) as T;
}

export function discover(issuer: string): Promise<OidcDiscovery> {
  return json<OidcDiscovery>(`${issuer}/.well-known/openid-configuration`);
}

async function grant(issuer: string, form: Record<string, string>): Promise<string> {
  const { token_endpoint } = await discover(issuer);
  const token = await json<{ access_token: string }>(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return token.access_token;
}

/** The issuer: OIDC_ISSUER, else the one the running local stack wrote into endpoints.json. */
export function issuerFor(config: StackConfig, env: NodeJS.ProcessEnv = process.env): string {
  const given = env['OIDC_ISSUER']?.trim();
  if (given) return given.replace(/\/+$/, '');
  const file = stackPaths(config).endpoints;
  const endpoints = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<StackEndpointsFile>)
    : undefined;
  if (!endpoints?.oidcIssuer) {
    throw new StackError(
      `No OIDC issuer: ${file} ${endpoints ? 'has no oidcIssuer (written before Keycloak joined the stack)' : 'does not exist'}; run 'npm run stack -- up' or set OIDC_ISSUER.`,
    );
  }
  return endpoints.oidcIssuer;
}

/**
 * An access token for the demo user holding `role` (users are named after their role), from the
 * `meridian-cli` client. The password is KEYCLOAK_DEMO_PASSWORD, else the one the stack generated.
 */
export async function tokenForRole(
  role: string,
  config: StackConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const issuer = issuerFor(config, env);
  const password =
    env['KEYCLOAK_DEMO_PASSWORD']?.trim() || readKeycloakCredentials(config)?.users[role];
  if (!password) {
    throw new StackError(
      `No password for the demo user '${role}': it is not a realm role of this stack (see deploy/local/keycloak/meridian-realm.json), or the stack has no credentials file yet; set KEYCLOAK_DEMO_PASSWORD for an external Keycloak.`,
    );
  }
  return grant(issuer, {
    grant_type: 'password',
    client_id: CLI_CLIENT,
    username: role,
    password,
    scope: 'openid',
  });
}

/** An access token for the demo feeder's service account (`meridian-demo`, client credentials). */
export async function demoServiceToken(
  config: StackConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const issuer = issuerFor(config, env);
  const secret =
    env['KEYCLOAK_DEMO_CLIENT_SECRET']?.trim() || readKeycloakCredentials(config)?.demoClientSecret;
  if (!secret) {
    throw new StackError(
      `No secret for the ${DEMO_CLIENT} client: the stack has no credentials file yet; set KEYCLOAK_DEMO_CLIENT_SECRET for an external Keycloak.`,
    );
  }
  return grant(issuer, {
    grant_type: 'client_credentials',
    client_id: DEMO_CLIENT,
    client_secret: secret,
  });
}
