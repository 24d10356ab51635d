// observability as its own process on the real stack (see startServiceUnderTest): its consumer
// group at the current end of saga.lifecycle.v1 and audit.v1, dead letter topics looked for and
// old dead letter payloads purged every second and Jaeger links to JAEGER_URL; with a sender of lifecycle and audit records and raw
// Kafka clients for dead letters.
import assert from 'node:assert/strict';
import { Topics } from '@meridian/contracts';
import type { Messaging } from '@meridian/messaging';
import { allRecords } from '@meridian/service-kit';
import { problemFields, startTestSender } from '@meridian/service-kit/testing';
import { startServiceUnderTest, uniqueName, withKafkaAdmin } from '@meridian/testing';
import type { ServiceUnderTest } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import pg from 'pg';

export const JAEGER_URL = 'http://jaeger.test:16686';

/** The fields a 400 names, sorted. */
export async function badFields(response: Response): Promise<string[]> {
  return (await problemFields(response)).sort();
}

export class ObservabilityHarness {
  readonly kafka: Kafka;

  private constructor(
    readonly service: ServiceUnderTest,
    readonly sender: Messaging,
  ) {
    this.kafka = new Kafka({
      clientId: uniqueName('observability_it'),
      brokers: [...service.infra.kafkaBrokers],
      logLevel: logLevel.NOTHING,
    });
  }

  /**
   * The service on a fresh database and consumer group, and a sender of lifecycle and audit records
   * (stopped with it).
   */
  static async start(): Promise<ObservabilityHarness> {
    const sender = await startTestSender({
      name: 'observability-it',
      produces: allRecords(Topics.SagaLifecycleV1, Topics.AuditV1),
    });
    const service = await startServiceUnderTest('observability', {
      consumes: [Topics.SagaLifecycleV1.name, Topics.AuditV1.name],
      env: {
        JAEGER_URL,
        DLQ_TOPIC_REFRESH_MS: '1000',
        // Old payloads purged every second, one per statement (batches loop until none is due).
        DLQ_PURGE_INTERVAL_MS: '1000',
        DLQ_PURGE_BATCH_SIZE: '1',
      },
      owns: [sender],
    });
    return new ObservabilityHarness(service, sender);
  }

  /** The Prometheus exposition of `/metrics`. */
  async metrics(): Promise<string> {
    const response = await this.service.fetch('/metrics');
    assert.equal(response.status, 200);
    return response.text();
  }

  /** Runs one statement on the service's database (rows as pg gives them). */
  async sql<R extends object>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    const client = new pg.Client({ connectionString: this.service.database.url });
    await client.connect();
    try {
      return (await client.query<R>(text, [...values])).rows;
    } finally {
      await client.end();
    }
  }

  admin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    return withKafkaAdmin(this.kafka, work);
  }

  /** Stops the service and the sender; the database, consumer groups and their topics go. */
  stop(): Promise<void> {
    return this.service.stop();
  }
}
