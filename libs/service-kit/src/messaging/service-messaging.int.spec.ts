import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { INestApplication } from '@nestjs/common';
import { ReconcileEncounterSupplies, subjectFor } from '@meridian/contracts';
import type { TopicContract } from '@meridian/contracts';
import { FAILURE_HEADERS, MESSAGE_ID_HEADER } from '@meridian/messaging';
import type { Draft } from '@meridian/messaging';
import { tcpProxy } from '@meridian/messaging/testing';
import { SagaParticipantAnswers1795600000000 } from '@meridian/saga';
import { createLogger } from '@meridian/telemetry';
import {
  createTestDatabase,
  deleteSubject,
  getInfra,
  purgeConsumerGroup,
  tapTopic,
  uniqueName,
  until,
  withKafkaAdmin,
} from '@meridian/testing';
import type { TestDatabase } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { parseServiceConfig } from '../config/service-config.js';
import type { ServiceConfig } from '../config/service-config.js';
import { startRefusingProbe } from './refusing-probe.js';
import { ServiceMessagingHost } from './service-messaging.js';

const SERVICE = 'messaging-probe';
const infra = getInfra();
const kafka = new Kafka({ brokers: [...infra.kafkaBrokers], logLevel: logLevel.NOTHING });
const logger = createLogger({ name: SERVICE, level: 'fatal' });

/** A topic of this test's own, carrying a real record (its subject registered in `before`). */
const TOPIC: TopicContract<ReconcileEncounterSupplies> = {
  name: `${uniqueName('kit_probe')}.v1`,
  partitions: 1,
  key: 'encounterId',
  records: [ReconcileEncounterSupplies],
};
const SUBJECT = subjectFor(TOPIC, ReconcileEncounterSupplies);

function probe(encounterId: string): Draft<ReconcileEncounterSupplies> {
  const at = new Date();
  return {
    sagaId: randomUUID(),
    sagaType: 'discharge-to-revenue',
    stepName: 'ReconcileEncounterSupplies',
    encounterId,
    admittedAt: at,
    dischargedAt: at,
  };
}

/** The probe running: its one handler refuses every command it gets. */
function startApp(config: ServiceConfig, consumes: boolean): Promise<INestApplication> {
  return startRefusingProbe({ name: SERVICE, config, logger, topic: TOPIC, consumes });
}

interface RetryLine {
  readonly msg?: string;
  readonly step?: string;
  readonly errorType?: string;
  readonly errorCode?: string;
}

/** A pino logger at warn whose start-retry lines (`step` set) the test reads. */
function retryRecorder(): { logger: pino.Logger; retries: (step: string) => RetryLine[] } {
  const lines: RetryLine[] = [];
  const logger = pino(
    { level: 'warn' },
    { write: (line: string) => void lines.push(JSON.parse(line) as RetryLine) },
  );
  return { logger, retries: (step) => lines.filter((l) => l.step === step) };
}

/** Whether the app's migrations include the saga participant's answers, and the table exists. */
async function participantAnswers(
  app: INestApplication,
): Promise<{ migrated: boolean; table: boolean }> {
  const dataSource = app.get(DataSource);
  const [row] = await dataSource.query<{ name: string | null }[]>(
    "SELECT to_regclass('saga_participant_answer')::text AS name",
  );
  return {
    migrated: dataSource.migrations.some((m) => m instanceof SagaParticipantAnswers1795600000000),
    table: row?.name === 'saga_participant_answer',
  };
}

const topicsOf = (group: string): Promise<string[]> =>
  withKafkaAdmin(kafka, async (admin) =>
    (await admin.listTopics()).filter((t) => t.startsWith(`${group}.`)),
  );

describe('service kit messaging against the real stack', () => {
  let database: TestDatabase;
  let config: ServiceConfig;
  const groups: string[] = [];

  before(async () => {
    database = await createTestDatabase(infra.databaseUrl, 'kit_messaging');
    await new SchemaRegistry({ host: infra.schemaRegistryUrl }).register(
      { type: SchemaType.AVRO, schema: JSON.stringify(ReconcileEncounterSupplies.schema) },
      { subject: SUBJECT },
    );
    config = {
      ...parseServiceConfig({}, { name: SERVICE, port: 0, database: 'kit_messaging' }),
      kafkaBrokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      databaseUrl: database.url,
    };
  });

  after(async () => {
    for (const group of groups) await purgeConsumerGroup({ brokers: infra.kafkaBrokers, group });
    await withKafkaAdmin(kafka, (admin) => admin.deleteTopics({ topics: [TOPIC.name] }));
    await deleteSubject(infra.schemaRegistryUrl, SUBJECT);
    await database?.drop();
  });

  test('dead-letters a NonRetriableError of an @OnMessage handler at once, naming its class', async () => {
    const group = uniqueName('kit_messaging');
    groups.push(group);
    const app = await startApp({ ...config, kafkaConsumerGroup: group }, true);
    const deadLetters = await tapTopic({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic: `${group}.dlq`,
      fromBeginning: true,
    });
    try {
      const { messageId } = await app
        .get(ServiceMessagingHost)
        .messaging.publisher.publish(TOPIC, ReconcileEncounterSupplies, probe('V-1'), {
          key: 'V-1',
        });
      const [dead] = await deadLetters.waitFor((m) => m.headers[MESSAGE_ID_HEADER] === messageId);
      assert.equal(dead?.headers[FAILURE_HEADERS.errorClass], 'NonRetriableError');
      assert.equal(dead?.headers[FAILURE_HEADERS.attempt], '1');
      assert.equal(dead?.headers[FAILURE_HEADERS.errorMessage], 'encounter V-1 is refused');
      assert.equal(dead?.headers[FAILURE_HEADERS.consumerGroup], group);
      assert.deepEqual(await participantAnswers(app), { migrated: true, table: true });
    } finally {
      await deadLetters.stop();
      await app.close();
    }
  });

  test('purges sent outbox rows and processed-message records past MESSAGING_RETENTION_DAYS, counting them', async () => {
    const group = uniqueName('kit_retention');
    groups.push(group);
    const app = await startApp(
      { ...config, kafkaConsumerGroup: group, messagingPurgeIntervalMs: 1_000 },
      true,
    );
    try {
      const dataSource = app.get(DataSource);
      const old = new Date(Date.now() - 8 * 86_400_000);
      const unsent = randomUUID();
      await dataSource.query(
        `INSERT INTO messaging_outbox (message_id, topic, value, headers, record_name, published_at)
         VALUES ($1, 'retention.probe', '\\x00'::bytea, '{}', 'r', $3), ($2, 'retention.probe', '\\x00'::bytea, '{}', 'r', NULL)`,
        [randomUUID(), unsent, old],
      );
      await dataSource.query(
        `INSERT INTO messaging_processed_message (consumer_group, message_id, topic, partition, "offset", processed_at)
         VALUES ('retention-probe', $1, 'retention.probe', 0, 0, $2), ('retention-probe', $3, 'retention.probe', 0, 1, now())`,
        [randomUUID(), old, randomUUID()],
      );
      const left = async (): Promise<{ outbox: string[]; processed: number }> => {
        const outbox = await dataSource.query<{ message_id: string }[]>(
          "SELECT message_id FROM messaging_outbox WHERE topic = 'retention.probe'",
        );
        const [processed] = await dataSource.query<{ n: number }[]>(
          "SELECT count(*)::int AS n FROM messaging_processed_message WHERE consumer_group = 'retention-probe'",
        );
        return { outbox: outbox.map((r) => r.message_id), processed: processed?.n ?? -1 };
      };
      await until('the old rows are purged', async () => {
        const now = await left();
        return now.outbox.length === 1 && now.processed === 1;
      });
      assert.deepEqual(
        await left(),
        { outbox: [unsent], processed: 1 },
        'unsent and recent rows stay',
      );
      const metrics = await app.get(Registry).metrics();
      assert.match(metrics, /^meridian_messaging_outbox_payloads_purged_total [1-9]\d*$/m);
      assert.match(metrics, /^meridian_messaging_processed_message_rows_purged_total [1-9]\d*$/m);
    } finally {
      await app.close();
    }
  });

  test('starts once the database, the registry and Kafka it could not reach at first are up, logging each retry', async () => {
    const group = uniqueName('kit_late');
    groups.push(group);
    const [kafkaAddress = ''] = infra.kafkaBrokers;
    const postgres = await tcpProxy(new URL(database.url).host);
    const registry = await tcpProxy(new URL(infra.schemaRegistryUrl).host);
    const broker = await tcpProxy(kafkaAddress);
    const { logger: recording, retries } = retryRecorder();
    const starting = startRefusingProbe({
      name: SERVICE,
      logger: recording,
      topic: TOPIC,
      config: {
        ...config,
        kafkaConsumerGroup: group,
        databaseUrl: postgres.via(database.url),
        schemaRegistryUrl: registry.via(infra.schemaRegistryUrl),
        kafkaBrokers: [broker.address],
      },
    });
    let app: INestApplication | undefined;
    try {
      // Each peer comes up once the step that needs it has been retried.
      await until('the database is retried', async () => retries('database').length > 0);
      await postgres.open();
      await until('the registry is retried', async () => {
        return retries('schema registry lookup').length > 0;
      });
      await registry.open();
      await until(
        'the producer connect is retried',
        async () => retries('kafka producer connect').length > 0,
        60_000,
      );
      await broker.open();
      app = await starting;

      assert.deepEqual(
        [
          retries('database')[0],
          retries('schema registry lookup')[0],
          retries('kafka producer connect')[0],
        ].map((l) => [l?.errorType, l?.errorCode]),
        [
          ['Error', 'ECONNREFUSED'],
          ['InfrastructureUnavailableError', 'INFRASTRUCTURE_UNAVAILABLE'],
          ['KafkaJSConnectionError', 'ECONNREFUSED'],
        ],
      );
      const deadLetters = await tapTopic({
        brokers: infra.kafkaBrokers,
        schemaRegistryUrl: infra.schemaRegistryUrl,
        topic: `${group}.dlq`,
        fromBeginning: true,
      });
      try {
        const { messageId } = await app
          .get(ServiceMessagingHost)
          .messaging.publisher.publish(TOPIC, ReconcileEncounterSupplies, probe('V-3'), {
            key: 'V-3',
          });
        const [dead] = await deadLetters.waitFor((m) => m.headers[MESSAGE_ID_HEADER] === messageId);
        assert.equal(dead?.headers[FAILURE_HEADERS.consumerGroup], group, 'its consumer runs');
      } finally {
        await deadLetters.stop();
      }
    } finally {
      await (app ?? (await starting.catch(() => undefined)))?.close();
      await Promise.all([postgres.cut(), registry.cut(), broker.cut()]);
    }
  });

  test('publishes without a consumer group, retry or DLQ topics when the service consumes nothing', async () => {
    const group = uniqueName('kit_publish_only');
    groups.push(group);
    const app = await startApp({ ...config, kafkaConsumerGroup: group }, false);
    const published = await tapTopic({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic: TOPIC.name,
    });
    try {
      const { messageId } = await app
        .get(ServiceMessagingHost)
        .messaging.publisher.publish(TOPIC, ReconcileEncounterSupplies, probe('V-2'), {
          key: 'V-2',
        });
      const [message] = await published.waitFor((m) => m.headers[MESSAGE_ID_HEADER] === messageId);
      assert.equal(message?.value['encounterId'], 'V-2');
      assert.deepEqual(await topicsOf(group), []);
      assert.equal((await participantAnswers(app)).migrated, false, 'it answers no saga commands');
      const { groups: existing } = await withKafkaAdmin(kafka, (admin) => admin.listGroups());
      assert.equal(
        existing.some((g) => g.groupId.startsWith(group)),
        false,
      );
    } finally {
      await published.stop();
      await app.close();
    }
  });
});
