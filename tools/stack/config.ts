import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StackError } from './errors.ts';

/** The registry's own database on the stack's PostgreSQL (services get one each, see postgres.ts). */
export const REGISTRY_DATABASE = 'apicurio';
/** Keycloak's own database on the stack's PostgreSQL. */
export const KEYCLOAK_DATABASE = 'keycloak';
/** The realm imported from deploy/local/keycloak/meridian-realm.json; its URL is the OIDC issuer. */
export const KEYCLOAK_REALM = 'meridian';

export interface StackConfig {
  readonly root: string;
  /** Data, logs, pids, resolved distributions and endpoints.json (gitignored). */
  readonly home: string;
  /**
   * The resolved distributions (Kafka, Apicurio, Keycloak): MERIDIAN_DIST, default `<home>/dist`.
   * A second stack (the benchmarks' isolated one) points here to reuse them, never downloading
   * them again.
   */
  readonly dist: string;
  readonly kafka: {
    readonly port: number;
    readonly controllerPort: number;
    readonly external?: string;
  };
  readonly registry: {
    readonly port: number;
    /** Quarkus's management interface (health, metrics) of the registry, on 127.0.0.1. */
    readonly managementPort: number;
    readonly external?: string;
  };
  readonly postgres: { readonly port: number; readonly user: string; readonly external?: string };
  readonly jaeger: {
    readonly otlpGrpcPort: number;
    readonly otlpHttpPort: number;
    readonly uiPort: number;
    /** How long Jaeger keeps spans (a Go duration, badger's `ttl.spans`). */
    readonly retention: string;
    readonly external?: JaegerEndpoints;
  };
  readonly keycloak: {
    readonly port: number;
    /** Keycloak's management interface (health), on 127.0.0.1 like its HTTP port. */
    readonly managementPort: number;
    /** The OIDC issuer URL of an identity provider run elsewhere (OIDC_ISSUER). */
    readonly external?: string;
  };
  readonly javaHome?: string;
  readonly versions: {
    readonly kafka: string;
    readonly apicurio: string;
    readonly keycloak: string;
  };
}

/** Where services send spans (OTLP over HTTP) and where people read them (Jaeger's UI and API). */
export interface JaegerEndpoints {
  readonly otlpEndpoint: string;
  readonly jaegerUrl: string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new StackError(`${name} must be a TCP port (1-65535), got '${raw}'.`);
  }
  return value;
}

/** A Go duration as Jaeger's config reads it (`72h`, `90m`, `1h30m`), greater than zero. */
export function retention(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(raw) || !/[1-9]/.test(raw)) {
    throw new StackError(
      `${name} must be a duration greater than zero such as 72h, 90m or 1h30m, got '${raw}'.`,
    );
  }
  return raw;
}

function nonEmpty(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Versions are pinned once, in deploy/local/pom.xml; the CLI reads them from there. */
export function pinnedVersions(pomPath: string): StackConfig['versions'] {
  const pom = readFileSync(pomPath, 'utf8');
  const read = (property: string): string => {
    const match = new RegExp(`<${property}>([^<]+)</${property}>`).exec(pom);
    if (!match?.[1]) throw new StackError(`${pomPath} does not define <${property}>.`);
    return match[1];
  };
  return {
    kafka: read('kafka.version'),
    apicurio: read('apicurio.version'),
    keycloak: read('keycloak.version'),
  };
}

export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const home = resolve(env['MERIDIAN_HOME'] ?? join(root, '.meridian'));
  const dist = resolve(nonEmpty(env, 'MERIDIAN_DIST') ?? join(home, 'dist'));
  const javaHome = nonEmpty(env, 'JAVA_HOME');
  const kafkaExternal = nonEmpty(env, 'KAFKA_BROKERS');
  const registryExternal = nonEmpty(env, 'SCHEMA_REGISTRY_URL');
  const postgresExternal = nonEmpty(env, 'DATABASE_URL');
  const jaegerExternal = externalJaeger(env);
  const oidcExternal = nonEmpty(env, 'OIDC_ISSUER')?.replace(/\/+$/, '');
  return {
    root,
    home,
    dist,
    kafka: {
      port: port(env, 'KAFKA_PORT', 9092),
      controllerPort: port(env, 'KAFKA_CONTROLLER_PORT', 9093),
      ...(kafkaExternal ? { external: kafkaExternal } : {}),
    },
    registry: {
      port: port(env, 'SCHEMA_REGISTRY_PORT', 8081),
      managementPort: port(env, 'SCHEMA_REGISTRY_MANAGEMENT_PORT', 9000),
      ...(registryExternal ? { external: registryExternal } : {}),
    },
    postgres: {
      port: port(env, 'POSTGRES_PORT', 5433),
      user: nonEmpty(env, 'POSTGRES_USER') ?? 'meridian',
      ...(postgresExternal ? { external: postgresExternal } : {}),
    },
    jaeger: {
      otlpGrpcPort: port(env, 'JAEGER_OTLP_GRPC_PORT', 4317),
      otlpHttpPort: port(env, 'JAEGER_OTLP_HTTP_PORT', 4318),
      uiPort: port(env, 'JAEGER_UI_PORT', 16686),
      retention: retention(env, 'JAEGER_RETENTION', '72h'),
      ...(jaegerExternal ? { external: jaegerExternal } : {}),
    },
    keycloak: {
      port: port(env, 'KEYCLOAK_PORT', 8180),
      managementPort: port(env, 'KEYCLOAK_MANAGEMENT_PORT', 9180),
      ...(oidcExternal ? { external: oidcExternal } : {}),
    },
    ...(javaHome ? { javaHome } : {}),
    versions: pinnedVersions(join(root, 'deploy/local/pom.xml')),
  };
}

/** An external Jaeger is named by both variables together; one without the other is an error. */
function externalJaeger(env: NodeJS.ProcessEnv): JaegerEndpoints | undefined {
  const otlpEndpoint = nonEmpty(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  const jaegerUrl = nonEmpty(env, 'JAEGER_URL');
  if (otlpEndpoint === undefined && jaegerUrl === undefined) return undefined;
  if (otlpEndpoint === undefined || jaegerUrl === undefined) {
    throw new StackError(
      `OTEL_EXPORTER_OTLP_ENDPOINT and JAEGER_URL name an external Jaeger together, but only ${otlpEndpoint === undefined ? 'JAEGER_URL' : 'OTEL_EXPORTER_OTLP_ENDPOINT'} is set: set both, or neither to let the stack run its own.`,
    );
  }
  return {
    otlpEndpoint: otlpEndpoint.replace(/\/+$/, ''),
    jaegerUrl: jaegerUrl.replace(/\/+$/, ''),
  };
}

export interface StackPaths {
  readonly dist: string;
  readonly kafkaLibs: string;
  readonly apicurioDist: string;
  /** Keycloak's distribution; `kc.sh build` writes its optimized server into it. */
  readonly keycloakDist: string;
  readonly data: string;
  readonly logs: string;
  readonly run: string;
  /** Binaries built from deploy/local's Go modules, one file per version. */
  readonly bin: string;
  readonly endpoints: string;
}

export function stackPaths(config: StackConfig): StackPaths {
  const { home, dist, versions } = config;
  return {
    dist,
    kafkaLibs: join(dist, `kafka-${versions.kafka}`, 'libs'),
    apicurioDist: join(dist, `apicurio-${versions.apicurio}`),
    keycloakDist: join(dist, `keycloak-${versions.keycloak}`),
    data: join(home, 'data'),
    logs: join(home, 'logs'),
    run: join(home, 'run'),
    bin: join(home, 'bin'),
    endpoints: join(home, 'endpoints.json'),
  };
}
