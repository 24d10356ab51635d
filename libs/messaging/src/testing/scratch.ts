// Test support for the messaging lib's integration tests: a fresh topic, consumer group,
// database and registry subjects per test, against the real stack; everything removed afterwards.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { RecordContract, TopicContract } from '@meridian/contracts';
import { createLogger } from '@meridian/telemetry';
import {
  createTestDatabase,
  deleteSubject,
  getInfra,
  uniqueName,
  type InfraEndpoints,
  type TestDatabase,
} from '@meridian/testing';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createMessaging, type Messaging, type MessagingOptions } from '../messaging.factory.js';
import { MESSAGING_ENTITIES, MessagingTables1795300000000 } from '../migrations.js';

/** A record used only by these tests: a bed with a status, and a second version adding `unit`. */
export interface BedV1 {
  envelope: Envelope;
  bedId: string;
  status: string;
}
export interface BedV2 extends BedV1 {
  unit: string;
}
/** A second record type on the same topics, for consumers that handle only one of them. */
export interface BedCleaningRequested {
  envelope: Envelope;
  bedId: string;
}
interface Envelope {
  messageId: string;
  occurredAt: Date;
  correlationId: string;
  causationId: string | null;
  source: string;
}

const ENVELOPE = {
  type: 'record',
  name: 'Envelope',
  namespace: 'health.meridian.common',
  fields: [
    { name: 'messageId', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'correlationId', type: 'string' },
    { name: 'causationId', type: ['null', 'string'], default: null },
    { name: 'source', type: 'string' },
  ],
};

export function bedContracts(namespace: string): {
  v1: RecordContract<BedV1>;
  v2: RecordContract<BedV2>;
  cleaning: RecordContract<BedCleaningRequested>;
} {
  const fields = [
    { name: 'envelope', type: ENVELOPE },
    { name: 'bedId', type: 'string' },
    { name: 'status', type: 'string' },
  ];
  const fullName = `${namespace}.BedChanged`;
  return {
    v1: { fullName, schema: { type: 'record', name: 'BedChanged', namespace, fields } },
    v2: {
      fullName,
      schema: {
        type: 'record',
        name: 'BedChanged',
        namespace,
        fields: [...fields, { name: 'unit', type: 'string', default: 'UNASSIGNED' }],
      },
    },
    cleaning: {
      fullName: `${namespace}.BedCleaningRequested`,
      schema: {
        type: 'record',
        name: 'BedCleaningRequested',
        namespace,
        fields: [
          { name: 'envelope', type: ENVELOPE },
          { name: 'bedId', type: 'string' },
        ],
      },
    },
  };
}

class BedTable1795300000001 implements MigrationInterface {
  readonly name = 'BedTable1795300000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TABLE bed (bed_id text PRIMARY KEY, status text NOT NULL, changes int NOT NULL DEFAULT 0)',
    );
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE bed');
  }
}

export interface Scratch {
  readonly infra: InfraEndpoints;
  readonly topic: TopicContract<BedV1>;
  readonly group: string;
  readonly namespace: string;
  readonly contracts: ReturnType<typeof bedContracts>;
  readonly db: TestDatabase;
  readonly dataSource: DataSource;
  readonly kafka: Kafka;
  readonly registry: SchemaRegistry;
  readonly logger: Logger;
  /**
   * Registers a schema under the subject of that record on `topic` (default the scratch topic),
   * as `schemas register` does; removed by `cleanup()`.
   */
  register(contract: RecordContract<unknown>, topic?: TopicContract<unknown>): Promise<number>;
  /** Another topic of this scratch (`<name>.<suffix>`, one partition), deleted by `cleanup()`. */
  freshTopic<R>(suffix: string, records: readonly RecordContract<R>[]): TopicContract<R>;
  /** Messaging for a service producing v1 on the scratch topic, stopped by `cleanup()`. */
  messaging(serviceName: string, overrides?: Partial<MessagingOptions>): Promise<Messaging>;
  /** Reads a topic from the beginning until `count` messages arrived (or times out). */
  readAll(topic: string, count: number, timeoutMs?: number): Promise<KafkaMessage[]>;
  /** Reads a topic from the beginning until `count` messages carry the given message id. */
  readMessage(topic: string, messageId: string, count?: number): Promise<KafkaMessage[]>;
  /** True when the group has committed every message of the topic. */
  drained(group: string, topic: string): Promise<boolean>;
  /** How many messages a topic holds (the sum of its partitions' end offsets). */
  messageCount(topic: string): Promise<number>;
  /**
   * Runs `outbox-crash.process.js` against this scratch: another process commits a bed change with
   * its outbox message, prints `committed` and is killed before its relay could send it.
   */
  commitInAnotherProcess(): Promise<{ output: string; signal: NodeJS.Signals | null }>;
  cleanup(): Promise<void>;
}

const crashScript = fileURLToPath(new URL('./outbox-crash.process.js', import.meta.url));

export async function createScratch(prefix: string): Promise<Scratch> {
  const infra = getInfra();
  const name = uniqueName(prefix);
  const namespace = `health.meridian.test.${name}`;
  const contracts = bedContracts(namespace);
  const topic: TopicContract<BedV1> = {
    name: `${name}.bed.v1`,
    partitions: 1,
    key: 'bedId',
    records: [contracts.v1],
  };
  const db = await createTestDatabase(infra.databaseUrl, prefix);
  const dataSource = new DataSource({
    type: 'postgres',
    url: db.url,
    entities: MESSAGING_ENTITIES,
    migrations: [MessagingTables1795300000000, BedTable1795300000001],
    extra: { max: 10 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const kafka = new Kafka({
    clientId: name,
    brokers: [...infra.kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  const registry = new SchemaRegistry({ host: infra.schemaRegistryUrl });
  const subjects = new Set<string>();
  const topics = new Set<string>([topic.name]);
  const logger = createLogger({ name: prefix, level: process.env['LOG_LEVEL'] ?? 'fatal' });
  const started: Messaging[] = [];

  const read = async (
    name: string,
    wanted: (message: KafkaMessage) => boolean,
    count: number,
    timeoutMs = 30_000,
  ): Promise<KafkaMessage[]> => {
    topics.add(name);
    const consumer = kafka.consumer({ groupId: uniqueName('reader') });
    const seen: KafkaMessage[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: name, fromBeginning: true });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `only ${seen.length} of ${count} messages on ${name} within ${timeoutMs} ms`,
              ),
            ),
          timeoutMs,
        );
        void consumer.run({
          eachMessage: async ({ message }) => {
            if (wanted(message)) seen.push(message);
            if (seen.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return seen;
  };
  return {
    infra,
    topic,
    group: `${name}.group`,
    namespace,
    contracts,
    db,
    dataSource,
    kafka,
    registry,
    logger,
    async register(contract, on = topic) {
      const subject = `${on.name}-${contract.fullName}`;
      subjects.add(subject);
      const { id } = await registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(contract.schema) },
        { subject },
      );
      return id;
    },
    freshTopic(suffix, records) {
      return { name: `${name}.${suffix}`, partitions: 1, key: 'bedId', records };
    },
    readAll: (name, count, timeoutMs) => read(name, () => true, count, timeoutMs),
    readMessage: (name, messageId, count = 1) =>
      read(name, (m) => m.headers?.['meridian-message-id']?.toString() === messageId, count),

    async messaging(serviceName, overrides = {}) {
      const messaging = await createMessaging({
        serviceName,
        brokers: infra.kafkaBrokers,
        schemaRegistryUrl: infra.schemaRegistryUrl,
        logger,
        dataSource,
        produces: [{ topic, records: [contracts.v1] }],
        ...overrides,
      });
      started.push(messaging);
      return messaging;
    },
    async drained(group, name) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const ends = await admin.fetchTopicOffsets(name);
        const [committed] = await admin.fetchOffsets({ groupId: group, topics: [name] });
        return ends.every((end) => {
          const at =
            committed?.partitions.find((p) => p.partition === end.partition)?.offset ?? '-1';
          return end.high === '0' || at === end.high;
        });
      } finally {
        await admin.disconnect();
      }
    },
    async commitInAnotherProcess() {
      const child = spawn(process.execPath, [crashScript], {
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          KAFKA_BROKERS: infra.kafkaBrokers.join(','),
          SCHEMA_REGISTRY_URL: infra.schemaRegistryUrl,
          BED_NAMESPACE: namespace,
          BED_TOPIC: topic.name,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, sig) => resolve(sig)),
      );
      return { output: output.trim(), signal };
    },
    async messageCount(name) {
      const admin = kafka.admin();
      await admin.connect();
      try {
        const ends = await admin.fetchTopicOffsets(name);
        return ends.reduce((sum, end) => sum + Number(end.high) - Number(end.low), 0);
      } finally {
        await admin.disconnect();
      }
    },
    async cleanup() {
      for (const messaging of started) await messaging.stop();
      await dataSource.destroy();
      await db.drop();
      for (const subject of subjects) await deleteSubject(infra.schemaRegistryUrl, subject);
      const admin = kafka.admin();
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      const mine = [...existing].filter((t) => topics.has(t) || t.startsWith(`${name}.`));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine });
      await admin.disconnect();
    },
  };
}

export { until } from '@meridian/testing';
