// The service under test as its own process, on a fresh database and with a consumer group of its
// own that starts at the current end of the commands topic: other runs' commands are not replayed,
// and no other process of the service shares (and answers) this run's commands. New commands of
// other tests still reach it and must be handled cleanly.
import assert from 'node:assert/strict';
import { Topics } from '@meridian/contracts';
import { provisionTopics } from '@meridian/messaging';
import { PROBLEM_JSON } from '@meridian/service-kit';
import type { ProblemDetails } from '@meridian/service-kit';
import {
  createTestDatabase,
  getInfra,
  purgeConsumerGroup,
  startGroupAtEnd,
  startServiceProcess,
  uniqueName,
  withKafkaAdmin,
} from '@meridian/testing';
import type { TestDatabase } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import { SERVICE } from '../config/app.config.js';

const CONSUMED = Topics.SupplyConsumptionCommandsV1;
const TOPICS = [CONSUMED, Topics.SupplyUsageV1, Topics.SagaRepliesV1];

export interface SupplyService {
  readonly url: string;
  readonly database: TestDatabase;
  /** The service's consumer group, fresh for this run. */
  readonly group: string;
  get(path: string): Promise<Response>;
  post(path: string, body?: unknown): Promise<Response>;
  put(path: string, body: unknown): Promise<Response>;
  /** POSTs `text` as text/csv (a bulk import). */
  postCsv(path: string, text: string): Promise<Response>;
  /** The process's recent output, for failure messages. */
  output(): string;
  /** SIGTERM (graceful); then the group (with its retry and DLQ topics) and database go. */
  stop(): Promise<void>;
}

/** `env`: variables of the process besides the test database and group (RECALL_OVERRIDE_USERS...). */
export async function startSupplyService(
  env: Readonly<Record<string, string>> = {},
): Promise<SupplyService> {
  const infra = getInfra();
  const brokers = infra.kafkaBrokers;
  const kafka = new Kafka({
    clientId: uniqueName('supply_it'),
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
  });
  await withKafkaAdmin(kafka, (admin) => provisionTopics(admin, TOPICS, { replicationFactor: 1 }));
  const group = uniqueName('supply_consumption_it');
  await startGroupAtEnd({ brokers, group, topics: [CONSUMED.name] });
  const database = await createTestDatabase(infra.databaseUrl, 'supply_consumption');
  const child = await startServiceProcess(SERVICE, {
    databaseUrl: database.url,
    env: { ...env, KAFKA_CONSUMER_GROUP: group },
  }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return {
    url: child.url,
    database,
    group,
    get: (path) => fetch(`${child.url}${path}`),
    post: (path, body) => sendJson(child.url, 'POST', path, body),
    put: (path, body) => sendJson(child.url, 'PUT', path, body),
    postCsv: (path, text) =>
      fetch(`${child.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: text,
      }),
    output: () => child.output(),
    stop: async () => {
      await child.stop();
      try {
        await purgeConsumerGroup({ brokers, group });
      } finally {
        await database.drop();
      }
    },
  };
}

function sendJson(url: string, method: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The JSON body of a response that must have `status`. */
export async function bodyOf<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

/** The problem+json body of a response that must have `status`. */
export async function problemOf(response: Response, status: number): Promise<ProblemDetails> {
  const problem = await bodyOf<ProblemDetails>(response, status);
  assert.equal(response.headers.get('content-type')?.split(';')[0], PROBLEM_JSON);
  assert.equal(problem.status, status);
  return problem;
}

/** The fields a 400 problem names. */
export async function invalidFields(response: Response): Promise<string[]> {
  const problem = await problemOf(response, 400);
  return (problem.errors ?? []).map((e) => e.field);
}
