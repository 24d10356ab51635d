import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { StackConfig } from './config.ts';
import { StackError } from './errors.ts';

/** The realm imported at Keycloak's start; passwords and secrets in it are `${ENV}` placeholders. */
export const REALM_FILE = 'deploy/local/keycloak/meridian-realm.json';

export interface KeycloakCredentials {
  /** Keycloak's bootstrap administrator (master realm), created at its first start. */
  readonly admin: { readonly username: string; readonly password: string };
  /** Demo user (named after the one realm role it holds) -> password. */
  readonly users: Readonly<Record<string, string>>;
  /** The `meridian-demo` client's secret (the demo feeder's service account). */
  readonly demoClientSecret: string;
  /** The `meridian-tests` client's secret (the test harness' service account, every role). */
  readonly testsClientSecret: string;
}

interface RealmFile {
  readonly roles: { readonly realm: readonly { readonly name: string }[] };
}

/** The realm roles the realm file declares; each has one demo user of the same name. */
export function realmRoles(root: string): string[] {
  const realm = JSON.parse(readFileSync(join(root, REALM_FILE), 'utf8')) as RealmFile;
  return realm.roles.realm.map((r) => r.name);
}

/** The environment variable the realm file's placeholder for a demo user's password names. */
export function passwordPlaceholder(role: string): string {
  return `MERIDIAN_DEMO_PASSWORD_${role.toUpperCase().replace(/-/g, '_')}`;
}

/** The values the realm file's placeholders read, for Keycloak's process environment. */
export function realmPlaceholderEnv(credentials: KeycloakCredentials): Record<string, string> {
  return {
    MERIDIAN_DEMO_CLIENT_SECRET: credentials.demoClientSecret,
    MERIDIAN_TESTS_CLIENT_SECRET: credentials.testsClientSecret,
    ...Object.fromEntries(
      Object.entries(credentials.users).map(([role, password]) => [
        passwordPlaceholder(role),
        password,
      ]),
    ),
  };
}

/** `<MERIDIAN_HOME>/keycloak/credentials.json`, mode 0600, never in the repository. */
export function credentialsFile(config: Pick<StackConfig, 'home'>): string {
  return join(config.home, 'keycloak', 'credentials.json');
}

export function readKeycloakCredentials(
  config: Pick<StackConfig, 'home'>,
): KeycloakCredentials | undefined {
  const file = credentialsFile(config);
  return existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as KeycloakCredentials)
    : undefined;
}

function generated(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * The credentials this stack's Keycloak is created with. Keycloak takes them once (the bootstrap
 * admin and the realm import only happen on an empty database), so the file written on the first
 * start stays authoritative: KEYCLOAK_ADMIN_USER, KEYCLOAK_ADMIN_PASSWORD, KEYCLOAK_DEMO_PASSWORD
 * (every demo user's), KEYCLOAK_DEMO_CLIENT_SECRET and KEYCLOAK_TESTS_CLIENT_SECRET are read when the file is created (else the
 * values are generated), and a later value that contradicts the file is refused.
 */
export function ensureKeycloakCredentials(
  config: Pick<StackConfig, 'home'>,
  roles: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): KeycloakCredentials {
  const file = credentialsFile(config);
  const known = readKeycloakCredentials(config);
  const given = (name: string): string | undefined => env[name]?.trim() || undefined;
  const pick = (name: string, current: string | undefined, fallback: () => string): string => {
    const value = given(name);
    if (current !== undefined && value !== undefined && value !== current) {
      throw new StackError(
        `${name} differs from the value this stack's Keycloak was created with (${file}): Keycloak keeps its first credentials, so unset ${name}, or start over by removing ${dirname(file)} and the keycloak database.`,
      );
    }
    return current ?? value ?? fallback();
  };
  const credentials: KeycloakCredentials = {
    admin: {
      username: pick('KEYCLOAK_ADMIN_USER', known?.admin.username, () => 'admin'),
      password: pick('KEYCLOAK_ADMIN_PASSWORD', known?.admin.password, generated),
    },
    users: Object.fromEntries(
      roles.map((role) => [role, pick('KEYCLOAK_DEMO_PASSWORD', known?.users[role], generated)]),
    ),
    demoClientSecret: pick('KEYCLOAK_DEMO_CLIENT_SECRET', known?.demoClientSecret, generated),
    testsClientSecret: pick('KEYCLOAK_TESTS_CLIENT_SECRET', known?.testsClientSecret, generated),
  };
  if (JSON.stringify(credentials) !== JSON.stringify(known)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return credentials;
}
