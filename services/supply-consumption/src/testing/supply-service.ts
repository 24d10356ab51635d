// The service under test as its own process, on a fresh database and with a consumer group of its
// own that starts at the current end of the commands topic: other runs' commands are not replayed,
// and no other process of the service shares (and answers) this run's commands. New commands of
// other tests still reach it and must be handled cleanly.
import assert from 'node:assert/strict';
import { Topics } from '@meridian/contracts';
import { deadLetterTopic, provisionTopics } from '@meridian/messaging';
import { PROBLEM_JSON } from '@meridian/service-kit';
import {
  createTestDatabase,
  getInfra,
  startServiceProcess,
  uniqueName,
  until,
} from '@meridian/testing';
import type { TestDatabase } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
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
  /** The process's recent output, for failure messages. */
  output(): string;
  /** SIGTERM (graceful); then the group (with its retry and DLQ topics) and database go. */
  stop(): Promise<void>;
}

async function withAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** The topics exist, and `group` has the commands topic's end offsets before it joins. */
async function prepareGroup(admin: Admin, group: string): Promise<void> {
  await provisionTopics(admin, TOPICS, { replicationFactor: 1 });
  const ends = await admin.fetchTopicOffsets(CONSUMED.name);
  await admin.setOffsets({
    groupId: group,
    topic: CONSUMED.name,
    partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })),
  });
}

async function purgeGroup(admin: Admin, group: string): Promise<void> {
  const topics = (await admin.listTopics()).filter(
    (topic) => topic === deadLetterTopic(group) || topic.startsWith(`${group}.retry.`),
  );
  if (topics.length > 0) await admin.deleteTopics({ topics });
  // Members that just left can keep a group non-empty for a moment: deleted once it is empty.
  await until(`consumer groups of ${group} deleted`, async () => {
    const existing = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    const groups = [group, `${group}.retry`].filter((g) => existing.has(g));
    if (groups.length === 0) return true;
    await admin.deleteGroups(groups).catch(() => undefined);
    return false;
  });
}

export async function startSupplyService(): Promise<SupplyService> {
  const infra = getInfra();
  const kafka = new Kafka({
    clientId: uniqueName('supply_it'),
    brokers: [...infra.kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  const group = uniqueName('supply_consumption_it');
  await withAdmin(kafka, (admin) => prepareGroup(admin, group));
  const database = await createTestDatabase(infra.databaseUrl, 'supply_consumption');
  const child = await startServiceProcess(SERVICE, {
    databaseUrl: database.url,
    env: { KAFKA_CONSUMER_GROUP: group },
  }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  return {
    url: child.url,
    database,
    group,
    get: (path) => fetch(`${child.url}${path}`),
    post: (path, body) =>
      fetch(`${child.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    output: () => child.output(),
    stop: async () => {
      await child.stop();
      try {
        await withAdmin(kafka, (admin) => purgeGroup(admin, group));
      } finally {
        await database.drop();
      }
    },
  };
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

/** The JSON body of a response that must have `status`. */
export async function bodyOf<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

/** The problem+json body of a response that must have `status`. */
export async function problemOf(response: Response, status: number): Promise<Problem> {
  const problem = await bodyOf<Problem>(response, status);
  assert.equal(response.headers.get('content-type')?.split(';')[0], PROBLEM_JSON);
  assert.equal(problem.status, status);
  return problem;
}

/** The fields a 400 problem names. */
export async function invalidFields(response: Response): Promise<string[]> {
  const problem = await problemOf(response, 400);
  return (problem.errors ?? []).map((e) => e.field);
}
