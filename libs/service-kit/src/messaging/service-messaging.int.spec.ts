import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { INestApplication } from '@nestjs/common';
import { ReconcileEncounterSupplies, subjectFor } from '@meridian/contracts';
import type { TopicContract } from '@meridian/contracts';
import { FAILURE_HEADERS, MESSAGE_ID_HEADER } from '@meridian/messaging';
import type { Draft } from '@meridian/messaging';
import { SagaParticipantAnswers1795600000000 } from '@meridian/saga';
import { createLogger } from '@meridian/telemetry';
import {
  createTestDatabase,
  deleteSubject,
  getInfra,
  purgeConsumerGroup,
  tapTopic,
  uniqueName,
  withKafkaAdmin,
} from '@meridian/testing';
import type { TestDatabase } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
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
