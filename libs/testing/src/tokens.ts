// Access tokens from the stack's identity provider (Keycloak's `meridian` realm) for tests: the
// harness' service account holding every role, or the demo user of one role. Real tokens, verified
// by the services like any caller's.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getInfra, stackHome } from './infra.js';

/** The harness' confidential client: its service account holds every realm role. */
export const TESTS_CLIENT = 'meridian-tests';
/** The public client of the demo users' password grant. */
export const CLI_CLIENT = 'meridian-cli';

interface Credentials {
  readonly users: Readonly<Record<string, string>>;
  readonly testsClientSecret?: string;
}

function credentials(env: NodeJS.ProcessEnv): Credentials | undefined {
  const file = join(stackHome(env), 'keycloak', 'credentials.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Credentials) : undefined;
}

interface Cached {
  readonly token: string;
  /** When to fetch a new one: 30 s before it expires. */
  readonly renewAt: number;
}

const cache = new Map<string, Promise<Cached>>();

async function grant(form: Record<string, string>): Promise<Cached> {
  const issuer = getInfra().oidcIssuer;
  const response = await fetch(`${issuer}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await response.text();
  if (!response.ok) {
    throw new Error(
      `the token endpoint of ${issuer} answered ${response.status} for ${form['client_id']}: ${body}`,
    );
  }
  const { access_token, expires_in } = JSON.parse(body) as {
    access_token: string;
    expires_in: number;
  };
  return { token: access_token, renewAt: Date.now() + (expires_in - 30) * 1000 };
}

function cached(key: string, fetchToken: () => Promise<Cached>): Promise<string> {
  const known = cache.get(key);
  const fresh = async (): Promise<Cached> => {
    const current = await known;
    if (current && current.renewAt > Date.now()) return current;
    return fetchToken();
  };
  const next = fresh();
  // A failed fetch is not kept: the next call tries again.
  cache.set(
    key,
    next.catch(() => ({ token: '', renewAt: 0 })),
  );
  return next.then((c) => c.token);
}

/**
 * A token of the harness' service account (`meridian-tests`), which holds every role: what the
 * harness sends when a test does not say otherwise. The secret is KEYCLOAK_TESTS_CLIENT_SECRET,
 * else the one the local stack generated.
 */
export function harnessToken(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return cached(TESTS_CLIENT, () => {
    const secret =
      env['KEYCLOAK_TESTS_CLIENT_SECRET']?.trim() || credentials(env)?.testsClientSecret;
    if (!secret) {
      throw new Error(
        `no secret for the ${TESTS_CLIENT} client: set KEYCLOAK_TESTS_CLIENT_SECRET, or start the local stack ('npm run stack -- up'), which generates it`,
      );
    }
    return grant({
      grant_type: 'client_credentials',
      client_id: TESTS_CLIENT,
      client_secret: secret,
    });
  });
}

/**
 * A token of the demo user named after `role`, who holds only that role (password grant of
 * `meridian-cli`). The password is KEYCLOAK_DEMO_PASSWORD, else the one the local stack generated.
 */
export function roleToken(role: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return cached(`role:${role}`, () =>
    grant({
      grant_type: 'password',
      client_id: CLI_CLIENT,
      username: role,
      password: demoPassword(role, env),
      scope: 'openid',
    }),
  );
}

/**
 * The password of the demo user `role` (who holds only that role): KEYCLOAK_DEMO_PASSWORD, else
 * the one the local stack generated (`<stack home>/keycloak/credentials.json`).
 */
export function demoPassword(role: string, env: NodeJS.ProcessEnv = process.env): string {
  const password = env['KEYCLOAK_DEMO_PASSWORD']?.trim() || credentials(env)?.users[role];
  if (!password) {
    throw new Error(
      `no password for the demo user '${role}': not a realm role, or the local stack has no credentials file; set KEYCLOAK_DEMO_PASSWORD`,
    );
  }
  return password;
}

/** `init` with the harness token as its bearer, unless it names an Authorization of its own. */
export async function withBearer(init: RequestInit = {}): Promise<RequestInit> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${await harnessToken()}`);
  return { ...init, headers };
}
