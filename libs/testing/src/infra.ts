import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the infrastructure a test talks to lives. Tests never assume ports: they ask here. */
export interface InfraEndpoints {
  readonly mode: InfraMode;
  readonly kafkaBrokers: readonly string[];
  readonly schemaRegistryUrl: string;
  /** An administrative connection URL (may create databases). */
  readonly databaseUrl: string;
  /** OTLP/HTTP base URL spans are sent to (`/v1/traces` is appended by the exporter). */
  readonly otlpEndpoint: string;
  /** Jaeger's UI and query API (`/api/traces/<traceId>`, `/trace/<traceId>`). */
  readonly jaegerUrl: string;
  /** The OIDC issuer the services verify bearer tokens against (`tokens.ts` gets them). */
  readonly oidcIssuer: string;
}

export type InfraMode = 'local' | 'testcontainers';

/** The file `npm run stack -- up` writes once every component answered its health check. */
export interface StackEndpointsFile {
  readonly kafkaBrokers: string;
  readonly schemaRegistryUrl: string;
  readonly databaseUrl: string;
  readonly otlpEndpoint: string;
  readonly jaegerUrl: string;
  /** The OIDC issuer (Keycloak's `meridian` realm); its discovery document names the JWKS. */
  readonly oidcIssuer: string;
}

export function infraMode(env: NodeJS.ProcessEnv = process.env): InfraMode {
  const mode = env['MERIDIAN_INFRA'] ?? 'local';
  if (mode !== 'local' && mode !== 'testcontainers') {
    throw new Error(`MERIDIAN_INFRA must be 'local' or 'testcontainers', got '${mode}'`);
  }
  return mode;
}

export function workspaceRoot(from: string = process.cwd()): string {
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`no nx.json above ${from}: not inside the Meridian workspace`);
    dir = parent;
  }
  return dir;
}

/** The stack's home: data, logs, pids and the endpoints file (MERIDIAN_HOME, default `.meridian`). */
export function stackHome(env: NodeJS.ProcessEnv = process.env): string {
  return env['MERIDIAN_HOME'] ?? join(workspaceRoot(), '.meridian');
}

export function endpointsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(stackHome(env), 'endpoints.json');
}

export function parseBrokers(list: string): string[] {
  const brokers = list
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is empty');
  return brokers;
}

/**
 * Endpoints for tests. Explicit `KAFKA_BROKERS`, `SCHEMA_REGISTRY_URL`, `DATABASE_URL`,
 * `OTEL_EXPORTER_OTLP_ENDPOINT`, `JAEGER_URL` and `OIDC_ISSUER` win (the test runner sets them when it started
 * testcontainers); otherwise the running local stack's endpoints file is read. A missing stack is
 * a clear error, never a silent fake.
 */
export function getInfra(env: NodeJS.ProcessEnv = process.env): InfraEndpoints {
  const file = endpointsFilePath(env);
  const stack: StackEndpointsFile | undefined = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as StackEndpointsFile)
    : undefined;
  const pick = (name: keyof StackEndpointsFile, envName: string): string => {
    const value = env[envName] ?? stack?.[name];
    if (!value) {
      const why = stack
        ? `${file} has no ${name} (written by an older stack CLI)`
        : `the local stack is not up (no ${file})`;
      throw new Error(`${envName} is not set and ${why}: run 'npm run stack -- up'`);
    }
    return value;
  };
  return {
    mode: infraMode(env),
    kafkaBrokers: parseBrokers(pick('kafkaBrokers', 'KAFKA_BROKERS')),
    schemaRegistryUrl: pick('schemaRegistryUrl', 'SCHEMA_REGISTRY_URL'),
    databaseUrl: pick('databaseUrl', 'DATABASE_URL'),
    otlpEndpoint: pick('otlpEndpoint', 'OTEL_EXPORTER_OTLP_ENDPOINT'),
    jaegerUrl: pick('jaegerUrl', 'JAEGER_URL'),
    oidcIssuer: pick('oidcIssuer', 'OIDC_ISSUER'),
  };
}
