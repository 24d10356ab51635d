/** Pinned images: the same components and majors as the local stack (Kafka 3.9, Apicurio 3.3, PostgreSQL 15). */
export const CONTAINER_IMAGES = {
  kafka: 'confluentinc/cp-kafka:7.9.1',
  registry: 'apicurio/apicurio-registry:3.3.3',
  postgres: 'postgres:15.18-bookworm',
} as const;

export interface StartedInfrastructure {
  /** KAFKA_BROKERS, SCHEMA_REGISTRY_URL and DATABASE_URL for the test processes. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts Kafka (KRaft), the Apicurio registry (in-memory storage: the containers are thrown away
 * after the run) and PostgreSQL through testcontainers. Needs a reachable Docker engine.
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
  const [kafka, registry, postgres] = await Promise.all([
    new KafkaContainer(CONTAINER_IMAGES.kafka).withKraft().start(),
    new GenericContainer(CONTAINER_IMAGES.registry)
      .withExposedPorts(8080)
      .withWaitStrategy(Wait.forHttp('/apis/ccompat/v7/subjects', 8080).forStatusCode(200))
      .start(),
    new PostgreSqlContainer(CONTAINER_IMAGES.postgres).withDatabase('meridian').start(),
  ]);
  return {
    env: {
      KAFKA_BROKERS: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
      SCHEMA_REGISTRY_URL: `http://${registry.getHost()}:${registry.getMappedPort(8080)}/apis/ccompat/v7`,
      DATABASE_URL: postgres.getConnectionUri(),
    },
    stop: async () => {
      await Promise.all([kafka.stop(), registry.stop(), postgres.stop()]);
    },
  };
}
