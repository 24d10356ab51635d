// Integration test support: workforce-sync as its own process on a fresh database, with a
// consumer group of its own that starts at the current end of the shared topics (other tests'
// history is not replayed; their new messages are seen and must be handled cleanly), a sender
// for ADT facts and saga commands, taps on the topics it publishes, and the cleanup of all of it.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import {
  EncounterAdmissionCancelled,
  EncounterAdmitted,
  EncounterTransferred,
  ReleaseBed,
  RestoreBed,
  Topics,
} from '@meridian/contracts';
import type { Location, TopicContract } from '@meridian/contracts';
import { createMessaging } from '@meridian/messaging';
import type { Messaging } from '@meridian/messaging';
import { tapReplies } from '@meridian/saga/testing';
import type { ReplyTap, TappedReply } from '@meridian/saga/testing';
import { createLogger } from '@meridian/telemetry';
import { createTestDatabase, getInfra, startServiceProcess, uniqueName } from '@meridian/testing';
import type { ServiceProcess, TestDatabase } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import type { BedBoardDto } from '../bed-board/dto/bed-board.dto.js';

const CONSUMED = [Topics.ClinicalEncounterV1, Topics.WorkforceSyncCommandsV1];

/** A tapped message's decoded value (timestamps as epoch millis, decimals as raw bytes). */
export type Tapped = TappedReply;

/** The decoded record of a tapped message, e.g. a UnitCensusChanged. */
export function valueOf(message: Tapped): Record<string, unknown> {
  return message.value as Record<string, unknown>;
}

/** Messages caused by the message `messageId` (the handler's publishes carry it as causationId). */
export function causedBy(messageId: string): (message: Tapped) => boolean {
  return (message) =>
    (valueOf(message)['envelope'] as { causationId: string | null }).causationId === messageId;
}

export class WorkforceHarness {
  private readonly taps: ReplyTap[] = [];

  private constructor(
    readonly service: ServiceProcess,
    readonly sender: Messaging,
    readonly group: string,
    private readonly kafka: Kafka,
    private readonly database: TestDatabase,
  ) {}

  /** A fresh database and consumer group, the service started on them, and a sender. */
  static async start(): Promise<WorkforceHarness> {
    const infra = getInfra();
    const kafka = new Kafka({
      clientId: uniqueName('workforce_it'),
      brokers: [...infra.kafkaBrokers],
      logLevel: logLevel.NOTHING,
    });
    const sender = await createMessaging({
      serviceName: uniqueName('workforce_it_sender'),
      brokers: infra.kafkaBrokers,
      schemaRegistryUrl: infra.schemaRegistryUrl,
      logger: createLogger({ name: 'workforce-it', level: 'error' }),
      produces: [
        {
          topic: Topics.ClinicalEncounterV1,
          records: [EncounterAdmitted, EncounterTransferred, EncounterAdmissionCancelled],
        },
        { topic: Topics.WorkforceSyncCommandsV1, records: [ReleaseBed, RestoreBed] },
      ],
    });
    await sender.provision(CONSUMED);
    const group = uniqueName('workforce_sync_it');
    await withAdmin(kafka, (admin) => startAtEnd(admin, group, CONSUMED));
    const database = await createTestDatabase(infra.databaseUrl, 'workforce_sync');
    const service = await startServiceProcess('workforce-sync', {
      databaseUrl: database.url,
      env: { CONSUMER_GROUP: group },
    }).catch(async (error: unknown) => {
      await Promise.all([
        sender.stop(),
        database.drop(),
        withAdmin(kafka, (admin) => purgeGroup(admin, group)),
      ]);
      throw error;
    });
    return new WorkforceHarness(service, sender, group, kafka, database);
  }

  /** Reads `topic` from its current end (the topic must exist: the service creates its own). */
  async tap(topic: TopicContract<unknown> | string): Promise<ReplyTap> {
    const { kafkaBrokers, schemaRegistryUrl } = getInfra();
    const tap = await tapReplies({
      brokers: kafkaBrokers,
      schemaRegistryUrl,
      topic: typeof topic === 'string' ? topic : topic.name,
    });
    this.taps.push(tap);
    return tap;
  }

  fetch(path: string, init?: RequestInit): Promise<Response> {
    return fetch(`${this.service.url}${path}`, init);
  }

  /** GET `path`, asserting 200, as JSON. */
  async get<T>(path: string): Promise<T> {
    const response = await this.fetch(path);
    const text = await response.text();
    assert.equal(response.status, 200, `GET ${path}: ${text}`);
    return JSON.parse(text) as T;
  }

  /** POST `body` as JSON. */
  post(path: string, body?: unknown): Promise<Response> {
    return this.fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /**
   * An AVAILABLE bed of the unit, picked at random: beds are shared with whatever else publishes
   * ADT facts right now, so a test never assumes a particular bed is free.
   */
  async freeBed(unitId: string): Promise<Location> {
    const board = await this.get<BedBoardDto>(`/bed-board?unitId=${unitId}`);
    const free = board.units.flatMap((u) => u.beds).filter((b) => b.status === 'AVAILABLE');
    const bed = free[randomInt(free.length)];
    assert.ok(bed, `no AVAILABLE bed on ${unitId}`);
    return { facilityId: 'MGH', unitId, roomId: bed.roomId, bedId: bed.bedId };
  }

  /** Waits for a dead letter keyed `key` on the service's DLQ; resolves with its headers. */
  async deadLetter(key: string, timeoutMs = 30_000): Promise<Record<string, string>> {
    const groupId = uniqueName('workforce_it_dlq');
    const consumer = this.kafka.consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [`${this.group}.dlq`], fromBeginning: true });
      return await new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no dead letter keyed ${key} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        void consumer.run({
          eachMessage: async ({ message }) => {
            if (message.key?.toString() !== key) return;
            clearTimeout(timer);
            const headers = Object.entries(message.headers ?? {});
            resolve(Object.fromEntries(headers.map(([name, value]) => [name, String(value)])));
          },
        });
      });
    } finally {
      await consumer.disconnect();
      await withAdmin(this.kafka, (admin) => admin.deleteGroups([groupId])).catch(() => undefined);
    }
  }

  /** Stops the service, the taps and the sender; removes the database, groups and topics. */
  async stop(): Promise<void> {
    await this.service.stop();
    await Promise.all(this.taps.map((tap) => tap.stop()));
    await this.sender.stop();
    await withAdmin(this.kafka, (admin) => purgeGroup(admin, this.group));
    await this.database.drop();
  }
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

/** Commits the topics' end offsets for the new `group`, before any member joins. */
async function startAtEnd(
  admin: Admin,
  group: string,
  topics: readonly TopicContract<unknown>[],
): Promise<void> {
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic.name);
    await admin.setOffsets({
      groupId: group,
      topic: topic.name,
      partitions: ends.map((end) => ({ partition: end.partition, offset: end.high })),
    });
  }
}

/** Deletes the group's retry and DLQ topics and its consumer groups (main and retry). */
async function purgeGroup(admin: Admin, group: string): Promise<void> {
  const topics = (await admin.listTopics()).filter(
    (topic) => topic === `${group}.dlq` || topic.startsWith(`${group}.retry.`),
  );
  if (topics.length > 0) await admin.deleteTopics({ topics });
  const existing = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
  const groups = [group, `${group}.retry`].filter((g) => existing.has(g));
  if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
}
