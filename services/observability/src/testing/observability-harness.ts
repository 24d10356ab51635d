// Integration test support: observability as its own process on a fresh database, its consumer
// group starting at the current end of saga.lifecycle.v1 (other runs' sagas are not replayed; new
// ones are read and must be handled cleanly), a sender of lifecycle records, raw Kafka clients for
// dead letters, and the cleanup of all of it.
import assert from 'node:assert/strict';
import {
  HumanTaskCreated,
  HumanTaskEscalated,
  SagaTransitioned,
  Topics,
} from '@meridian/contracts';
import { createMessaging } from '@meridian/messaging';
import type { Messaging } from '@meridian/messaging';
import { PROBLEM_JSON } from '@meridian/service-kit';
import type { ProblemDetails } from '@meridian/service-kit';
import { createLogger } from '@meridian/telemetry';
import {
  createTestDatabase,
  getInfra,
  purgeConsumerGroup,
  startGroupAtEnd,
  startServiceProcess,
  uniqueName,
  withKafkaAdmin,
} from '@meridian/testing';
import type { ServiceProcess, TestDatabase } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';

export const JAEGER_URL = 'http://jaeger.test:16686';

/** The problem+json of `response`, asserting its status and media type. */
export async function problemOf(response: Response, status: number): Promise<ProblemDetails> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.equal(response.headers.get('content-type')?.split(';')[0], PROBLEM_JSON);
  return JSON.parse(text) as ProblemDetails;
}

/** The fields a 400 names. */
export async function badFields(response: Response): Promise<string[]> {
  const problem = await problemOf(response, 400);
  return (problem.errors ?? []).map((e) => e.field).sort();
}

export class ObservabilityHarness {
  readonly kafka: Kafka;

  private constructor(
    readonly service: ServiceProcess,
    readonly sender: Messaging,
    readonly group: string,
    private readonly database: TestDatabase,
  ) {
    this.kafka = new Kafka({
      clientId: uniqueName('observability_it'),
      brokers: [...getInfra().kafkaBrokers],
      logLevel: logLevel.NOTHING,
    });
  }

  /**
   * A fresh database and consumer group, the service started on them (role header trusted, dead
   * letter topics looked for every second, Jaeger links to JAEGER_URL), and a lifecycle sender.
   */
  static async start(): Promise<ObservabilityHarness> {
    const infra = getInfra();
    const brokers = infra.kafkaBrokers;
    const sender = await createMessaging({
      serviceName: uniqueName('observability_it_sender'),
      brokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      logger: createLogger({ name: 'observability-it', level: 'error' }),
      produces: [
        {
          topic: Topics.SagaLifecycleV1,
          records: [SagaTransitioned, HumanTaskCreated, HumanTaskEscalated],
        },
      ],
    });
    await sender.provision([Topics.SagaLifecycleV1]);
    const group = uniqueName('observability_it');
    await startGroupAtEnd({ brokers, group, topics: [Topics.SagaLifecycleV1.name] });
    const database = await createTestDatabase(infra.databaseUrl, 'observability');
    const service = await startServiceProcess('observability', {
      databaseUrl: database.url,
      env: {
        KAFKA_CONSUMER_GROUP: group,
        JAEGER_URL,
        OBSERVABILITY_TRUST_ROLE_HEADER: 'true',
        DLQ_TOPIC_REFRESH_MS: '1000',
      },
    }).catch(async (error: unknown) => {
      await Promise.all([sender.stop(), database.drop(), purgeConsumerGroup({ brokers, group })]);
      throw error;
    });
    return new ObservabilityHarness(service, sender, group, database);
  }

  fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`${this.service.url}${path}`, init);
  }

  /** GET `path`, asserting 200, as JSON. */
  async get<T>(path: string, headers?: Record<string, string>): Promise<T> {
    const response = await this.fetch(path, headers ? { headers } : undefined);
    const text = await response.text();
    assert.equal(response.status, 200, `GET ${path}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** POST `body` as JSON to `path`. */
  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  /** The Prometheus exposition of `/metrics`. */
  async metrics(): Promise<string> {
    const response = await this.fetch('/metrics');
    assert.equal(response.status, 200);
    return response.text();
  }

  admin<T>(work: (admin: Admin) => Promise<T>): Promise<T> {
    return withKafkaAdmin(this.kafka, work);
  }

  async stop(): Promise<void> {
    const brokers = getInfra().kafkaBrokers;
    await this.service.stop();
    await this.sender.stop();
    await this.database.drop();
    await purgeConsumerGroup({ brokers, group: this.group });
    await purgeConsumerGroup({ brokers, group: `${this.group}.dlq-reader` });
  }
}
