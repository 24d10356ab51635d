import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './infra.js';

/** The realm the local stack imports too; its secrets are `${ENV}` placeholders. */
const REALM_FILE = 'deploy/local/keycloak/meridian-realm.json';
/** The placeholders of the demo users' passwords (the others are client secrets). */
const DEMO_PASSWORD = /^MERIDIAN_DEMO_PASSWORD_/;

/**
 * Keycloak's environment for the realm file: every `${NAME}` placeholder in it, the demo users'
 * passwords all `password`, each client secret generated (the tests client's is `testsSecret`).
 */
function realmEnv(realm: string, password: string, testsSecret: string): Record<string, string> {
  const names = new Set([...realm.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((m) => m[1] ?? ''));
  return Object.fromEntries(
    [...names].map((name) => [
      name,
      DEMO_PASSWORD.test(name)
        ? password
        : name === 'MERIDIAN_TESTS_CLIENT_SECRET'
          ? testsSecret
          : randomBytes(18).toString('base64url'),
    ]),
  );
}

/**
 * Pinned images: the same components and versions as the local stack (Kafka 3.9, Apicurio 3.3,
 * PostgreSQL 15, Jaeger 2.12.0 = the Go module github.com/jaegertracing/jaeger v1.75.0 the stack
 * builds: both tags name one commit).
 */
export const CONTAINER_IMAGES = {
  kafka: 'confluentinc/cp-kafka:7.9.1',
  registry: 'apicurio/apicurio-registry:3.3.3',
  postgres: 'postgres:15.18-bookworm',
  jaeger: 'jaegertracing/jaeger:2.12.0',
  keycloak: 'quay.io/keycloak/keycloak:26.5.6',
} as const;

export interface StartedInfrastructure {
  /**
   * KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL, OTEL_EXPORTER_OTLP_ENDPOINT, JAEGER_URL,
   * OIDC_ISSUER and the Keycloak secrets the token helpers read, for the test processes.
   */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts Kafka (KRaft), the Apicurio registry (in-memory storage: the containers are thrown away
 * after the run), PostgreSQL and Jaeger (the image's own all-in-one config: OTLP on 4317/4318,
 * UI and query API on 16686, in-memory storage) and Keycloak (development mode, the local realm
 * imported with secrets generated for this run; the issuer is the mapped URL, which services and
 * tests both use) through testcontainers. Needs a reachable Docker engine.
 */
export async function startContainers(log: (line: string) => void): Promise<StartedInfrastructure> {
  // Loaded on demand: test processes that only read endpoints never load the Docker client.
  const [{ KafkaContainer }, { PostgreSqlContainer }, { GenericContainer, Wait }] =
    await Promise.all([
      import('@testcontainers/kafka'),
      import('@testcontainers/postgresql'),
      import('testcontainers'),
    ]);
  log(`Starting ${Object.values(CONTAINER_IMAGES).join(', ')} with testcontainers ...`);
  const root = workspaceRoot();
  const password = randomBytes(18).toString('base64url');
  const testsSecret = randomBytes(18).toString('base64url');
  const keycloakEnv = {
    KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
    KC_BOOTSTRAP_ADMIN_PASSWORD: randomBytes(18).toString('base64url'),
    ...realmEnv(readFileSync(join(root, REALM_FILE), 'utf8'), password, testsSecret),
  };
  const [kafka, registry, postgres, jaeger, keycloak] = await Promise.all([
    new KafkaContainer(CONTAINER_IMAGES.kafka).withKraft().start(),
    new GenericContainer(CONTAINER_IMAGES.registry)
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080).forStatusCode(200))
      .start(),
    new PostgreSqlContainer(CONTAINER_IMAGES.postgres).withDatabase('meridian').start(),
    new GenericContainer(CONTAINER_IMAGES.jaeger)
      .withExposedPorts(4317, 4318, 16686)
      .withWaitStrategy(Wait.forHttp('/api/services', 16686).forStatusCode(200))
      .start(),
    new GenericContainer(CONTAINER_IMAGES.keycloak)
      .withCommand(['start-dev', '--import-realm', '--health-enabled=true'])
      .withEnvironment(keycloakEnv)
      .withCopyFilesToContainer([
        {
          source: join(root, REALM_FILE),
          target: '/opt/keycloak/data/import/meridian-realm.json',
        },
      ])
      .withExposedPorts(8080, 9000)
      .withWaitStrategy(Wait.forHttp('/health/ready', 9000).forStatusCode(200))
      .withStartupTimeout(180_000)
      .start(),
  ]);
  return {
    env: {
      KAFKA_BROKERS: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
      SCHEMA_REGISTRY_URL: `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
      DATABASE_URL: postgres.getConnectionUri(),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://${jaeger.getHost()}:${jaeger.getMappedPort(4318)}`,
      JAEGER_URL: `http://${jaeger.getHost()}:${jaeger.getMappedPort(16686)}`,
      OIDC_ISSUER: `http://${keycloak.getHost()}:${keycloak.getMappedPort(8080)}/realms/meridian`,
      KEYCLOAK_TESTS_CLIENT_SECRET: testsSecret,
      KEYCLOAK_DEMO_PASSWORD: password,
    },
    stop: async () => {
      await Promise.all(
        [kafka, registry, postgres, jaeger, keycloak].map((container) => container.stop()),
      );
    },
  };
}
