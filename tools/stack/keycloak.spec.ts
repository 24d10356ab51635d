import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadStackConfig } from './config.ts';
import { StackError } from './errors.ts';
import { KEYCLOAK_BUILD_OPTIONS, keycloakEnv, keycloakStartArgs, oidcIssuer } from './keycloak.ts';
import {
  credentialsFile,
  ensureKeycloakCredentials,
  passwordPlaceholder,
  REALM_FILE,
  realmRoles,
} from './keycloak-credentials.ts';
import { MERIDIAN_ROLES } from '@meridian/service-kit';

const config = loadStackConfig({ KEYCLOAK_PORT: '18180', KEYCLOAK_MANAGEMENT_PORT: '19180' });
const databaseUrl = 'postgres://ops:s3cret@db.internal:6543/meridian';

describe('Keycloak in the stack configuration', () => {
  it('defaults to port 8180 with its management interface on 9180, and pins a 26.x distribution', () => {
    const { keycloak, versions } = loadStackConfig({});
    assert.deepEqual([keycloak.port, keycloak.managementPort], [8180, 9180]);
    assert.equal(keycloak.external, undefined);
    assert.match(versions.keycloak, /^26\.\d+\.\d+$/);
  });

  it("names the realm's URL on the configured port as the issuer, or OIDC_ISSUER (trailing slash dropped) as an external one", () => {
    assert.equal(oidcIssuer(config), 'http://localhost:18180/realms/meridian');
    const external = loadStackConfig({ OIDC_ISSUER: 'https://idp.example/realms/meridian/' });
    assert.equal(external.keycloak.external, 'https://idp.example/realms/meridian');
    assert.equal(oidcIssuer(external), 'https://idp.example/realms/meridian');
  });

  it('starts the optimized server on 127.0.0.1 with its own database on the stack server, the local hostname, a local cache and the realm import', () => {
    const args = keycloakStartArgs(config, databaseUrl);
    assert.deepEqual(args.slice(0, 2), ['start', '--optimized']);
    for (const expected of [
      '--db-url=jdbc:postgresql://db.internal:6543/keycloak',
      '--db-username=ops',
      '--hostname=http://localhost:18180',
      '--http-host=127.0.0.1',
      '--http-port=18180',
      '--http-management-port=19180',
      '--cache=local',
      '--import-realm',
    ]) {
      assert.ok(args.includes(expected), `${expected} in ${args.join(' ')}`);
    }
    assert.ok(!args.some((a) => a.includes('s3cret')), 'no password on the command line');
    assert.ok(!args.some((a) => KEYCLOAK_BUILD_OPTIONS.includes(a)), 'no build-time option');
  });
});

describe('Keycloak credentials', () => {
  const homes: string[] = [];
  const freshHome = (): { home: string } => {
    const home = mkdtempSync(join(tmpdir(), 'meridian-kc-'));
    homes.push(home);
    return { home };
  };
  after(() => {
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });
  const roles = ['coder', 'revenue-integrity'];

  it('generates distinct passwords and a client secret on first use, into a file only its owner can read, and returns the same ones later', () => {
    const home = freshHome();
    const first = ensureKeycloakCredentials(home, roles, {});
    assert.equal(first.admin.username, 'admin');
    const secrets = [
      first.admin.password,
      first.demoClientSecret,
      first.testsClientSecret,
      ...Object.values(first.users),
    ];
    assert.equal(new Set(secrets).size, secrets.length);
    assert.ok(secrets.every((s) => s.length >= 20));
    assert.equal(statSync(credentialsFile(home)).mode & 0o777, 0o600);
    assert.deepEqual(ensureKeycloakCredentials(home, roles, {}), first);
  });

  it('takes KEYCLOAK_ADMIN_USER, KEYCLOAK_ADMIN_PASSWORD, KEYCLOAK_DEMO_PASSWORD and KEYCLOAK_DEMO_CLIENT_SECRET when the file is created', () => {
    const home = freshHome();
    const env = {
      KEYCLOAK_ADMIN_USER: 'root',
      KEYCLOAK_ADMIN_PASSWORD: 'admin-pass',
      KEYCLOAK_DEMO_PASSWORD: 'demo-pass',
      KEYCLOAK_DEMO_CLIENT_SECRET: 'feeder-secret',
      KEYCLOAK_TESTS_CLIENT_SECRET: 'harness-secret',
    };
    const credentials = ensureKeycloakCredentials(home, roles, env);
    assert.deepEqual(credentials, {
      admin: { username: 'root', password: 'admin-pass' },
      users: { coder: 'demo-pass', 'revenue-integrity': 'demo-pass' },
      demoClientSecret: 'feeder-secret',
      testsClientSecret: 'harness-secret',
    });
    assert.deepEqual(JSON.parse(readFileSync(credentialsFile(home), 'utf8')), credentials);
    assert.deepEqual(ensureKeycloakCredentials(home, roles, env), credentials);
  });

  it('refuses a later KEYCLOAK_ADMIN_PASSWORD that contradicts the one Keycloak was created with, naming the variable', () => {
    const home = freshHome();
    ensureKeycloakCredentials(home, roles, {});
    assert.throws(
      () => ensureKeycloakCredentials(home, roles, { KEYCLOAK_ADMIN_PASSWORD: 'changed' }),
      (error: unknown) =>
        error instanceof StackError &&
        error.message.startsWith('KEYCLOAK_ADMIN_PASSWORD differs from the value'),
    );
  });

  it("passes secrets to Keycloak's process only through its environment: DB password, bootstrap admin and every realm placeholder", () => {
    const credentials = ensureKeycloakCredentials(freshHome(), roles, {});
    const env = keycloakEnv(databaseUrl, credentials, '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java');
    assert.equal(env['KC_DB_PASSWORD'], 's3cret');
    assert.equal(env['KC_BOOTSTRAP_ADMIN_PASSWORD'], credentials.admin.password);
    assert.equal(env['MERIDIAN_DEMO_CLIENT_SECRET'], credentials.demoClientSecret);
    assert.equal(env['MERIDIAN_TESTS_CLIENT_SECRET'], credentials.testsClientSecret);
    assert.equal(
      env[passwordPlaceholder('revenue-integrity')],
      credentials.users['revenue-integrity'],
    );
    assert.equal(env['JAVA_HOME'], '/usr/lib/jvm/temurin-25-jdk-amd64');
  });
});

describe('the meridian realm file', () => {
  interface Realm {
    readonly realm: string;
    readonly clients: readonly {
      readonly clientId: string;
      readonly secret?: string;
      readonly publicClient?: boolean;
      readonly protocolMappers?: readonly {
        readonly protocolMapper: string;
        readonly config: Readonly<Record<string, string>>;
      }[];
    }[];
    readonly users: readonly {
      readonly username: string;
      readonly realmRoles: readonly string[];
      readonly serviceAccountClientId?: string;
      readonly credentials?: readonly { readonly value: string }[];
    }[];
  }
  const realm = JSON.parse(readFileSync(join(config.root, REALM_FILE), 'utf8')) as Realm;
  const roles = realmRoles(config.root);

  it('declares exactly the roles the services authorise by (MERIDIAN_ROLES of the kit)', () => {
    assert.equal(realm.realm, 'meridian');
    assert.deepEqual([...roles].sort(), [...MERIDIAN_ROLES].sort());
  });

  it('has one demo user per role, named after it, holding only it, whose password is its environment placeholder', () => {
    const people = realm.users.filter((u) => u.serviceAccountClientId === undefined);
    assert.deepEqual(people.map((u) => u.username).sort(), [...roles].sort());
    for (const user of people) {
      assert.deepEqual(user.realmRoles, [user.username]);
      assert.deepEqual(
        user.credentials?.map((c) => c.value),
        [`\${${passwordPlaceholder(user.username)}}`],
      );
    }
  });

  it('keeps no secret in the repository: the confidential client secret is a placeholder too', () => {
    for (const client of realm.clients.filter((c) => c.secret !== undefined)) {
      assert.match(client.secret ?? '', /^\$\{[A-Z_]+\}$/, client.clientId);
    }
  });

  it('puts the meridian-api audience into the tokens of every client that signs someone in', () => {
    for (const clientId of ['meridian-cli', 'meridian-demo']) {
      const client = realm.clients.find((c) => c.clientId === clientId);
      assert.ok(
        client?.protocolMappers?.some(
          (m) =>
            m.protocolMapper === 'oidc-audience-mapper' &&
            m.config['included.client.audience'] === 'meridian-api' &&
            m.config['access.token.claim'] === 'true',
        ),
        clientId,
      );
    }
    assert.ok(realm.clients.some((c) => c.clientId === 'meridian-api'));
  });
});
