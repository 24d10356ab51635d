import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { daemonFor, type Component } from './component.ts';
import { projects, serviceDatabase } from '../scripts/workspace.ts';
import { KEYCLOAK_DATABASE, REGISTRY_DATABASE, stackPaths, type StackConfig } from './config.ts';
import { StackError } from './errors.ts';
import { assertPortsFree, startDaemon } from './process.ts';
import { withDatabase } from './urls.ts';

/** Debian's PostgreSQL major installed when none is present (bookworm's supported version). */
export const POSTGRES_MAJOR = '15';
/** The database the admin URL points at; tests create their own databases from it. */
export const ADMIN_DATABASE = 'meridian';

export async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    const res = await client.query<{ ok: number }>('SELECT 1 AS ok');
    return res.rows[0]?.ok === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function run(command: string, args: readonly string[], what: string): void {
  const out = spawnSync(command, args, { stdio: 'inherit' });
  if (out.error || out.status !== 0)
    throw new StackError(
      `${what} failed (${command} ${args.join(' ')}, exit ${out.status ?? out.error?.message}).`,
    );
}

function installedBinDir(env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env['POSTGRES_BIN_DIR'];
  if (explicit) return explicit;
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const majors = readdirSync(base)
    .filter((m) => existsSync(join(base, m, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] ? join(base, majors[0], 'bin') : undefined;
}

/** PostgreSQL server binaries, installing Debian's package when none is there. */
function ensureServerBinaries(log: (line: string) => void): string {
  const found = installedBinDir(process.env);
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('apt-get', ['--version']).status === 0;
  if (!isRoot || !hasApt) {
    throw new StackError(
      `PostgreSQL server is not installed and cannot be installed from here: run 'apt-get install postgresql-${POSTGRES_MAJOR}' as root, or set DATABASE_URL to an existing server.`,
    );
  }
  log(`Installing PostgreSQL ${POSTGRES_MAJOR} from Debian's packages (apt-get) ...`);
  run('apt-get', ['update', '-q'], 'apt-get update');
  run(
    'apt-get',
    ['install', '-y', '-q', '--no-install-recommends', `postgresql-${POSTGRES_MAJOR}`],
    'Installing PostgreSQL',
  );
  const installed = installedBinDir(process.env);
  if (!installed)
    throw new StackError(
      `postgresql-${POSTGRES_MAJOR} installed, but no server binary under /usr/lib/postgresql.`,
    );
  return installed;
}

interface OsUser {
  readonly uid: number;
  readonly gid: number;
}

/** PostgreSQL refuses to run as root; as root the private cluster runs as Debian's `postgres` user. */
function serverUser(): OsUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new StackError(
      "Running as root, but there is no 'postgres' user to run PostgreSQL as: install Debian's postgresql package or run as a normal user.",
    );
  }
  return { uid, gid: id('-g') };
}

/** Lets the server user reach its data dir: adds the search (x) bit for others where it is missing. */
function ensureTraversable(dir: string, log: (line: string) => void): void {
  for (let d = dirname(dir); d !== dirname(d); d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(d, mode | 0o001);
      log(`  granted search permission on ${d} so PostgreSQL's user can reach its data dir`);
    }
  }
}

function asUser(
  user: OsUser | undefined,
  command: string,
  args: readonly string[],
): [string, string[]] {
  if (!user) return [command, [...args]];
  return [
    'setpriv',
    [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', command, ...args],
  ];
}

export function adminUrl(config: StackConfig): string {
  return (
    config.postgres.external ??
    `postgres://${config.postgres.user}@localhost:${config.postgres.port}/${ADMIN_DATABASE}`
  );
}

/** One database per service in services/ plus the registry's and Keycloak's, on whichever server the stack uses. */
export async function ensureDatabases(url: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const db of [
      ADMIN_DATABASE,
      REGISTRY_DATABASE,
      KEYCLOAK_DATABASE,
      ...projects('services').map(serviceDatabase),
    ]) {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (found.rowCount === 0) {
        await client.query(`CREATE DATABASE "${db}"`);
        log(`  created database ${db}`);
      }
    }
  } finally {
    await client.end();
  }
}

export function postgresComponent(config: StackConfig): Component {
  const paths = stackPaths(config);
  const url = adminUrl(config);
  // The private cluster is checked through its maintenance database, which exists from initdb on.
  const checkUrl = config.postgres.external ?? withDatabase(url, 'postgres');
  const daemon = daemonFor('postgres', paths.run, paths.logs);
  const dataDir = join(paths.data, 'postgres');
  return {
    name: 'postgres',
    label: 'PostgreSQL (private cluster)',
    endpoint: url,
    external: config.postgres.external !== undefined,
    daemon,
    startTimeoutMs: 60_000,
    healthy: () => postgresAnswers(checkUrl),
    preflight: () => assertPortsFree([config.postgres.port], 'PostgreSQL', 'POSTGRES_PORT'),
    async start(log) {
      const bin = ensureServerBinaries(log);
      const user = serverUser();
      if (!existsSync(join(dataDir, 'PG_VERSION'))) {
        log(`Initialising a private PostgreSQL cluster in ${dataDir} ...`);
        mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        if (user) {
          chownSync(dataDir, user.uid, user.gid);
          ensureTraversable(dataDir, log);
        }
        const [cmd, args] = asUser(user, join(bin, 'initdb'), [
          '-D',
          dataDir,
          '-U',
          config.postgres.user,
          '--auth=trust',
          '--encoding=UTF8',
          '--locale=C.UTF-8',
        ]);
        const out = spawnSync(cmd, args, { encoding: 'utf8' });
        if (out.status !== 0)
          throw new StackError(
            `initdb failed: ${(out.stderr || out.stdout).trim().split('\n').pop()}`,
          );
      }
      const [cmd, args] = asUser(user, join(bin, 'postgres'), [
        '-D',
        dataDir,
        '-p',
        String(config.postgres.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=300',
      ]);
      startDaemon(daemon, cmd, args);
    },
    afterHealthy: (log) => ensureDatabases(checkUrl, log),
  };
}
