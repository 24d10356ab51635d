import { spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { daemonFor, type Component } from './component.ts';
import { KEYCLOAK_DATABASE, KEYCLOAK_REALM, stackPaths, type StackConfig } from './config.ts';
import { ensureKeycloakDistribution } from './distributions.ts';
import { StackError } from './errors.ts';
import { resolveJava } from './java.ts';
import {
  ensureKeycloakCredentials,
  REALM_FILE,
  realmPlaceholderEnv,
  realmRoles,
} from './keycloak-credentials.ts';
import { assertPortsFree, startDaemon } from './process.ts';

/** Keycloak 26 runs on Java 21 or newer. */
const KEYCLOAK_JAVA = 21;

/**
 * Build-time options (`kc.sh build`): PostgreSQL storage and health endpoints on the management
 * interface. The optimized server is rebuilt only when this list or the version changes.
 */
export const KEYCLOAK_BUILD_OPTIONS: readonly string[] = ['--db=postgres', '--health-enabled=true'];

/** The OIDC issuer: the realm's URL on the stack's Keycloak, or the external one (OIDC_ISSUER). */
export function oidcIssuer(config: StackConfig): string {
  return (
    config.keycloak.external ?? `http://localhost:${config.keycloak.port}/realms/${KEYCLOAK_REALM}`
  );
}

/**
 * Health: the realm's OIDC discovery document answers and names this issuer, so the realm was
 * imported and tokens issued now carry the issuer services expect.
 */
export async function keycloakAnswers(issuer: string): Promise<boolean> {
  try {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(2_000),
    });
    if (res.status !== 200) {
      await res.body?.cancel();
      return false;
    }
    return ((await res.json()) as { issuer?: unknown }).issuer === issuer;
  } catch {
    return false;
  }
}

/** Runtime options of `kc.sh start --optimized` (secrets go through the environment, not argv). */
export function keycloakStartArgs(config: StackConfig, databaseUrl: string): string[] {
  const db = new URL(databaseUrl);
  const { port, managementPort } = config.keycloak;
  return [
    'start',
    '--optimized',
    `--db-url=jdbc:postgresql://${db.hostname}:${db.port || '5432'}/${KEYCLOAK_DATABASE}`,
    `--db-username=${decodeURIComponent(db.username)}`,
    '--db-pool-initial-size=1',
    '--db-pool-min-size=1',
    '--db-pool-max-size=10',
    `--hostname=http://localhost:${port}`,
    '--http-enabled=true',
    '--http-host=127.0.0.1',
    `--http-port=${port}`,
    // The management interface inherits http-host, so health is on 127.0.0.1 too.
    `--http-management-port=${managementPort}`,
    // One node: a local cache, so no JGroups cluster discovery listens on further ports.
    '--cache=local',
    '--import-realm',
  ];
}

/**
 * The JVM for kc.sh (build and start): JAVA_HOME pointed at the Java found (kc.sh otherwise takes
 * the one on PATH, which may be too old); a small heap; C1 only and the serial collector, which on
 * a developer's or CI's few cores start the server markedly sooner than the default tiered JIT and
 * G1; and java.lang opened, without which JBoss Threads on Java 24+ keeps the HTTP server from
 * starting.
 */
function jvmEnv(java: string): Record<string, string> {
  return {
    ...(java === 'java' ? {} : { JAVA_HOME: dirname(dirname(java)) }),
    JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx512m',
    JAVA_OPTS_APPEND:
      '-XX:TieredStopAtLevel=1 -XX:-UseG1GC -XX:+UseSerialGC --add-opens=java.base/java.lang=ALL-UNNAMED',
  };
}

/** The environment of Keycloak's process beyond the inherited one: secrets and the JVM. */
export function keycloakEnv(
  databaseUrl: string,
  credentials: ReturnType<typeof ensureKeycloakCredentials>,
  java: string,
): Record<string, string> {
  const password = decodeURIComponent(new URL(databaseUrl).password);
  return {
    ...(password ? { KC_DB_PASSWORD: password } : {}),
    KC_BOOTSTRAP_ADMIN_USERNAME: credentials.admin.username,
    KC_BOOTSTRAP_ADMIN_PASSWORD: credentials.admin.password,
    ...realmPlaceholderEnv(credentials),
    ...jvmEnv(java),
  };
}

/** `kc.sh build`, once per version and build options (a stamp in the distribution records them). */
async function ensureBuilt(
  dist: string,
  java: string,
  logFile: string,
  log: (line: string) => void,
): Promise<void> {
  const stamp = join(dist, 'lib', 'meridian-build.json');
  const wanted = JSON.stringify(KEYCLOAK_BUILD_OPTIONS);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) return;
  log(`  building Keycloak's optimized server (${KEYCLOAK_BUILD_OPTIONS.join(' ')}) ...`);
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  try {
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(join(dist, 'bin', 'kc.sh'), ['build', ...KEYCLOAK_BUILD_OPTIONS], {
        cwd: dist,
        env: { ...process.env, ...jvmEnv(java) },
        stdio: ['ignore', out, out],
      });
      child.once('error', reject);
      child.once('close', (status) => resolve(status ?? 1));
    });
    if (code !== 0) throw new StackError(`kc.sh build failed (exit ${code}); see ${logFile}.`);
  } finally {
    closeSync(out);
  }
  writeFileSync(stamp, wanted);
}

export function keycloakComponent(config: StackConfig, databaseUrl: string): Component {
  const paths = stackPaths(config);
  const issuer = oidcIssuer(config);
  const daemon = daemonFor('keycloak', paths.run, paths.logs);
  const version = config.versions.keycloak;
  const java = (): string => resolveJava(config.javaHome, KEYCLOAK_JAVA, `Keycloak ${version}`);
  const credentials = (): ReturnType<typeof ensureKeycloakCredentials> =>
    ensureKeycloakCredentials(config, realmRoles(config.root));
  return {
    name: 'keycloak',
    label: `Keycloak ${version} (realm ${KEYCLOAK_REALM}, PostgreSQL storage)`,
    endpoint: issuer,
    external: config.keycloak.external !== undefined,
    daemon,
    // The first start creates Keycloak's tables and imports the realm.
    startTimeoutMs: 300_000,
    healthy: () => keycloakAnswers(issuer),
    async preflight() {
      java();
      credentials();
      await assertPortsFree([config.keycloak.port], 'Keycloak', 'KEYCLOAK_PORT');
      await assertPortsFree(
        [config.keycloak.managementPort],
        "Keycloak's management interface",
        'KEYCLOAK_MANAGEMENT_PORT',
      );
    },
    async start(log) {
      await ensureKeycloakDistribution(config, log);
      const jvm = java();
      await ensureBuilt(paths.keycloakDist, jvm, daemon.logFile, log);
      // --import-realm reads data/import; a realm that exists already is left as it is.
      const imports = join(paths.keycloakDist, 'data', 'import');
      mkdirSync(imports, { recursive: true });
      copyFileSync(join(config.root, REALM_FILE), join(imports, `${KEYCLOAK_REALM}-realm.json`));
      startDaemon(
        daemon,
        join(paths.keycloakDist, 'bin', 'kc.sh'),
        keycloakStartArgs(config, databaseUrl),
        {
          cwd: paths.keycloakDist,
          env: { ...process.env, ...keycloakEnv(databaseUrl, credentials(), jvm) },
        },
      );
    },
  };
}
