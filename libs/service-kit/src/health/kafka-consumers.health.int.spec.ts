import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { INestApplication } from '@nestjs/common';
import {
  ReconcileEncounterSupplies,
  subjectFor,
  UnreconcileEncounterSupplies,
} from '@meridian/contracts';
import type { TopicContract } from '@meridian/contracts';
import { MESSAGE_ID_HEADER } from '@meridian/messaging';
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
import kafkajs, { Kafka, logLevel } from 'kafkajs';
import { parseServiceConfig } from '../config/service-config.js';
import type { ServiceConfig } from '../config/service-config.js';
import { startRefusingProbe } from '../messaging/refusing-probe.js';
import { ServiceMessagingHost } from '../messaging/service-messaging.js';

// kafkajs is CommonJS: Node's ESM loader does not see this enum as a named export.
const { ConfigResourceTypes } = kafkajs;
const SERVICE = 'readiness-probe';
const infra = getInfra();
const kafka = new Kafka({ brokers: [...infra.kafkaBrokers], logLevel: logLevel.NOTHING });
const logger = createLogger({ name: SERVICE, level: 'fatal' });

/** A topic of this test's own carrying two records; the service handles only the first. */
const TOPIC: TopicContract<ReconcileEncounterSupplies | UnreconcileEncounterSupplies> = {
  name: `${uniqueName('kit_readiness')}.v1`,
  partitions: 1,
  key: 'encounterId',
  records: [ReconcileEncounterSupplies, UnreconcileEncounterSupplies],
};

const saga = (): { sagaId: string; sagaType: string } => ({
  sagaId: randomUUID(),
  sagaType: 'discharge-to-revenue',
});

interface RunningApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly host: ServiceMessagingHost;
}

interface ReadinessBody {
  readonly status: string;
  readonly info: Record<string, { readonly status: string; readonly consumers?: unknown }>;
  readonly error: Record<string, { readonly status: string; readonly message?: string }>;
}

interface ConsumerDetails {
  readonly phase: string;
  readonly ready: boolean;
  readonly restarts: number;
}

/** The probe running, with its URL and messaging host. */
async function startApp(config: ServiceConfig): Promise<RunningApp> {
  const app = await startRefusingProbe({ name: SERVICE, config, logger, topic: TOPIC });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}`, host: app.get(ServiceMessagingHost) };
}

async function readiness(url: string): Promise<{ status: number; body: ReadinessBody }> {
  const response = await fetch(`${url}/health/ready`);
  return { status: response.status, body: (await response.json()) as ReadinessBody };
}

/** Sets (or, with undefined, resets to the broker default) a topic's max.message.bytes. */
async function maxMessageBytes(topic: string, value: string | undefined): Promise<void> {
  await withKafkaAdmin(kafka, (admin) =>
    admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: topic,
          configEntries: value === undefined ? [] : [{ name: 'max.message.bytes', value }],
        },
      ],
    }),
  );
}

describe('readiness of the service kit consumers against the real stack', () => {
  let database: TestDatabase;
  let config: ServiceConfig;
  const groups: string[] = [];

  before(async () => {
    database = await createTestDatabase(infra.databaseUrl, 'kit_readiness');
    const registry = new SchemaRegistry({ host: infra.schemaRegistryUrl });
    for (const record of TOPIC.records) {
      await registry.register(
        { type: SchemaType.AVRO, schema: JSON.stringify(record.schema) },
        { subject: subjectFor(TOPIC, record) },
      );
    }
    config = {
      ...parseServiceConfig({}, { name: SERVICE, port: 0, database: 'kit_readiness' }),
      kafkaBrokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      databaseUrl: database.url,
    };
  });

  after(async () => {
    for (const group of groups) await purgeConsumerGroup({ brokers: infra.kafkaBrokers, group });
    await withKafkaAdmin(kafka, (admin) => admin.deleteTopics({ topics: [TOPIC.name] }));
    for (const record of TOPIC.records)
      await deleteSubject(infra.schemaRegistryUrl, subjectFor(TOPIC, record));
    await database?.drop();
  });

  test('counts a record without a handler in /metrics and dead-letters nothing', async () => {
    const group = uniqueName('kit_skip');
    groups.push(group);
    const service = await startApp({ ...config, kafkaConsumerGroup: group });
    try {
      await service.host.messaging.publisher.publish(
        TOPIC,
        UnreconcileEncounterSupplies,
        {
          ...saga(),
          stepName: 'ReconcileEncounterSupplies',
          compensatedCommandMessageId: randomUUID(),
          encounterId: 'V-10',
          reason: 'DISCHARGE_CANCELLED',
        },
        { key: 'V-10' },
      );
      const line = `messaging_records_skipped_total{group="${group}",topic="${TOPIC.name}",record="${UnreconcileEncounterSupplies.fullName}"} 1`;
      await until('the skip is counted in /metrics', async () => {
        const metrics = await (await fetch(`${service.url}/metrics`)).text();
        return metrics.split('\n').includes(line);
      });
      const dlq = await withKafkaAdmin(kafka, (admin) => admin.fetchTopicOffsets(`${group}.dlq`));
      assert.deepEqual(
        dlq.map((p) => p.high),
        ['0', '0', '0'],
        'the DLQ stays empty',
      );
    } finally {
      await service.app.close();
    }
  });

  test('answers 503 naming the consumer group while its consumer is crashed, and 200 once it rejoined', async () => {
    const group = uniqueName('kit_crash');
    groups.push(group);
    const service = await startApp({ ...config, kafkaConsumerGroup: group });
    const deadLetters = await tapTopic({
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      topic: `${group}.dlq`,
      fromBeginning: true,
    });
    try {
      const ready = await readiness(service.url);
      assert.equal(ready.status, 200, JSON.stringify(ready.body));
      const consumers = ready.body.info['kafkaConsumers']?.consumers as Record<
        string,
        ConsumerDetails
      >;
      assert.deepEqual(Object.keys(consumers), [group, `${group}.retry`]);
      assert.equal(consumers[group]?.phase, 'joined');

      // The DLQ refuses the dead letter (MESSAGE_TOO_LARGE, a non-retriable broker error), so
      // kafkajs crashes the consumer and does not restart it: the runtime has to.
      await maxMessageBytes(`${group}.dlq`, '64');
      const { messageId } = await service.host.messaging.publisher.publish(
        TOPIC,
        ReconcileEncounterSupplies,
        {
          ...saga(),
          stepName: 'ReconcileEncounterSupplies',
          encounterId: 'V-11',
          admittedAt: new Date(),
          dischargedAt: new Date(),
        },
        { key: 'V-11' },
      );
      let down: { status: number; body: ReadinessBody } | undefined;
      await until('readiness answers 503', async () => {
        down = await readiness(service.url);
        return down.status === 503;
      });
      assert.equal(down?.body.status, 'error');
      assert.deepEqual(Object.keys(down?.body.error ?? {}), ['kafkaConsumers']);
      assert.match(
        down?.body.error['kafkaConsumers']?.message ?? '',
        new RegExp(`^consumer group ${group} is not ready: crashed \\d+ s ago: KafkaJS`),
      );
      assert.deepEqual(Object.keys(down?.body.info ?? {}).sort(), [
        'database',
        'kafka',
        'schemaRegistry',
      ]);

      await maxMessageBytes(`${group}.dlq`, undefined);
      await deadLetters.waitFor((m) => m.headers[MESSAGE_ID_HEADER] === messageId);
      let up: { status: number; body: ReadinessBody } | undefined;
      await until('readiness answers 200 again', async () => {
        up = await readiness(service.url);
        return up.status === 200;
      });
      const recovered = up?.body.info['kafkaConsumers']?.consumers as Record<
        string,
        ConsumerDetails
      >;
      assert.equal(recovered[group]?.phase, 'joined');
      assert.ok((recovered[group]?.restarts ?? 0) >= 1, 'the runtime restarted the consumer');
    } finally {
      await deadLetters.stop();
      await service.app.close();
    }
  });
});
