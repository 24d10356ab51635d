import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './database.js';
import { getInfra } from './infra.js';
import { uniqueName } from './names.js';
import { deleteSubject } from './registry.js';

const infra = getInfra();

describe('the real infrastructure the harness hands to tests', () => {
  const topic = uniqueName('smoke');
  const subject = `${topic}-health.meridian.smoke.SmokeRecord`;
  const kafka = new Kafka({
    clientId: 'smoke',
    brokers: [...infra.kafkaBrokers],
    logLevel: logLevel.WARN,
  });
  after(async () => {
    await deleteSubject(infra.schemaRegistryUrl, subject);
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('registers an Avro schema, produces an encoded record with kafkajs and consumes it back decoded', async () => {
    const registry = new SchemaRegistry({ host: infra.schemaRegistryUrl });
    const schema = {
      type: 'record',
      name: 'SmokeRecord',
      namespace: 'health.meridian.smoke',
      fields: [
        { name: 'encounterId', type: 'string' },
        { name: 'beds', type: 'int' },
      ],
    };
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(schema) },
      { subject },
    );
    assert.ok(Number.isInteger(id) && id > 0, `registry returned schema id ${id}`);

    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();

    const producer = kafka.producer({
      idempotent: true,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const value = await registry.encode(id, { encounterId: 'V1001', beds: 2 });
    await producer.send({ topic, acks: -1, messages: [{ key: 'V1001', value }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: uniqueName('smoke_group') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; decoded: unknown }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message consumed within 30 s')), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          const decoded: unknown = await registry.decode(message.value ?? Buffer.alloc(0));
          resolve({ key: message.key?.toString() ?? '', decoded: { ...(decoded as object) } });
        },
      });
    });
    await consumer.disconnect();

    assert.equal(received.key, 'V1001');
    assert.deepEqual(received.decoded, { encounterId: 'V1001', beds: 2 });
  });

  describe('PostgreSQL through TypeORM', () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(infra.databaseUrl, 'smoke');
    });
    after(async () => {
      await db.drop();
    });

    it('connects and runs a migration that creates a table', async () => {
      class CreateBedTable1700000000000 implements MigrationInterface {
        name = 'CreateBedTable1700000000000';
        async up(q: QueryRunner): Promise<void> {
          await q.query('CREATE TABLE bed (id text PRIMARY KEY, status text NOT NULL)');
        }
        async down(q: QueryRunner): Promise<void> {
          await q.query('DROP TABLE bed');
        }
      }
      const dataSource = new DataSource({
        type: 'postgres',
        url: db.url,
        migrations: [CreateBedTable1700000000000],
      });
      await dataSource.initialize();
      try {
        const applied = await dataSource.runMigrations();
        assert.deepEqual(
          applied.map((m) => m.name),
          ['CreateBedTable1700000000000'],
        );
        await dataSource.query(`INSERT INTO bed (id, status) VALUES ('4W-12', 'cleaning')`);
        const rows = await dataSource.query<{ status: string }[]>(
          `SELECT status FROM bed WHERE id = '4W-12'`,
        );
        assert.deepEqual(rows, [{ status: 'cleaning' }]);
        assert.equal((await dataSource.runMigrations()).length, 0, 'a second run applies nothing');
      } finally {
        await dataSource.destroy();
      }
    });
  });
});
