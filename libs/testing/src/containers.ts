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
} as const;

export interface StartedInfrastructure {
  /**
   * KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL, OTEL_EXPORTER_OTLP_ENDPOINT and JAEGER_URL
   * for the test processes.
   */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts Kafka (KRaft), the Apicurio registry (in-memory storage: the containers are thrown away
 * after the run), PostgreSQL and Jaeger (the image's own all-in-one config: OTLP on 4317/4318,
 * UI and query API on 16686, in-memory storage) through testcontainers. Needs a reachable Docker
 * engine.
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
  const [kafka, registry, postgres, jaeger] = await Promise.all([
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
  ]);
  return {
    env: {
      KAFKA_BROKERS: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
      SCHEMA_REGISTRY_URL: `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
      DATABASE_URL: postgres.getConnectionUri(),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://${jaeger.getHost()}:${jaeger.getMappedPort(4318)}`,
      JAEGER_URL: `http://${jaeger.getHost()}:${jaeger.getMappedPort(16686)}`,
    },
    stop: async () => {
      await Promise.all([kafka.stop(), registry.stop(), postgres.stop(), jaeger.stop()]);
    },
  };
}
