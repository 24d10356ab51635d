import { join } from 'node:path';
import { daemonFor, type Component } from './component.ts';
import { REGISTRY_DATABASE, stackPaths, type StackConfig } from './config.ts';
import { ensureDistributions } from './distributions.ts';
import { resolveJava } from './java.ts';
import { assertPortsFree, startDaemon } from './process.ts';

export const CCOMPAT_PATH = '/apis/ccompat/v7';

/** Health: `GET {url}/subjects` is 200 with a JSON array. */
export async function registryAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2_000) });
    return res.status === 200 && Array.isArray(await res.json());
  } catch {
    return false;
  }
}

/** Apicurio's JDBC settings for a postgres:// URL (its storage lives in the `apicurio` database). */
export function registryDatasource(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  return {
    APICURIO_STORAGE_KIND: 'sql',
    APICURIO_STORAGE_SQL_KIND: 'postgresql',
    APICURIO_DATASOURCE_URL: `jdbc:postgresql://${url.hostname}:${url.port || '5432'}/${REGISTRY_DATABASE}`,
    APICURIO_DATASOURCE_USERNAME: decodeURIComponent(url.username),
    APICURIO_DATASOURCE_PASSWORD: decodeURIComponent(url.password),
    APICURIO_DATASOURCE_JDBC_INITIAL_SIZE: '2',
    APICURIO_DATASOURCE_JDBC_MIN_SIZE: '2',
    APICURIO_DATASOURCE_JDBC_MAX_SIZE: '20',
  };
}

export function registryComponent(config: StackConfig, databaseUrl: string): Component {
  const paths = stackPaths(config);
  const url = config.registry.external ?? `http://localhost:${config.registry.port}${CCOMPAT_PATH}`;
  const daemon = daemonFor('registry', paths.run, paths.logs);
  const java = (): string =>
    resolveJava(config.javaHome, 21, `Apicurio Registry ${config.versions.apicurio}`);
  return {
    name: 'registry',
    label: `Apicurio Registry ${config.versions.apicurio} (ccompat v7, PostgreSQL storage)`,
    endpoint: url,
    external: config.registry.external !== undefined,
    daemon,
    startTimeoutMs: 120_000,
    healthy: () => registryAnswers(url),
    async preflight() {
      java();
      await assertPortsFree([config.registry.port], 'the schema registry', 'SCHEMA_REGISTRY_PORT');
      await assertPortsFree(
        [config.registry.managementPort],
        "the schema registry's management interface",
        'SCHEMA_REGISTRY_MANAGEMENT_PORT',
      );
    },
    async start(log) {
      await ensureDistributions(config, log);
      startDaemon(
        daemon,
        java(),
        ['-Xms128m', '-Xmx768m', '-jar', join(paths.apicurioDist, 'quarkus-run.jar')],
        {
          cwd: paths.apicurioDist,
          env: {
            ...process.env,
            ...registryDatasource(databaseUrl),
            QUARKUS_HTTP_HOST: '127.0.0.1',
            QUARKUS_HTTP_PORT: String(config.registry.port),
            QUARKUS_MANAGEMENT_HOST: '127.0.0.1',
            QUARKUS_MANAGEMENT_PORT: String(config.registry.managementPort),
            QUARKUS_OTEL_ENABLED: 'false',
            QUARKUS_OTEL_SDK_DISABLED: 'true',
          },
        },
      );
    },
  };
}
