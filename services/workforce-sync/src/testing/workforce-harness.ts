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
import { createMessaging, deadLetterTopic } from '@meridian/messaging';
import type { Messaging } from '@meridian/messaging';
import { tapReplies } from '@meridian/saga/testing';
import { PROBLEM_JSON } from '@meridian/service-kit';
import type { ProblemDetails } from '@meridian/service-kit';
import type { ReplyTap } from '@meridian/saga/testing';
import { createLogger } from '@meridian/telemetry';
import {
  createTestDatabase,
  getInfra,
  purgeConsumerGroup,
  startGroupAtEnd,
  startServiceProcess,
  tapTopic,
  topicDepth,
  uniqueName,
} from '@meridian/testing';
import type { ServiceProcess, TappedMessage, TestDatabase, TopicTap } from '@meridian/testing';
import type { BedBoardDto } from '../bed-board/dto/bed-board.dto.js';

const CONSUMED = [Topics.ClinicalEncounterV1, Topics.WorkforceSyncCommandsV1];

/** Messages caused by the message `messageId` (the handler's publishes carry it as causationId). */
export function causedBy(messageId: string): (message: TappedMessage) => boolean {
  return (message) =>
    (message.value['envelope'] as { causationId: string | null }).causationId === messageId;
}

/** The problem+json of `response`, asserting its status and media type. */
export async function problemOf(response: Response, status: number): Promise<ProblemDetails> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  assert.equal(response.headers.get('content-type')?.split(';')[0], PROBLEM_JSON);
  return JSON.parse(text) as ProblemDetails;
}

export class WorkforceHarness {
  private readonly taps: { stop(): Promise<void> }[] = [];
  private deadLetters: TopicTap | undefined;

  private constructor(
    readonly service: ServiceProcess,
    readonly sender: Messaging,
    readonly group: string,
    private readonly database: TestDatabase,
  ) {}

  /** A fresh database and consumer group, the service started on them, and a sender. */
  static async start(): Promise<WorkforceHarness> {
    const infra = getInfra();
    const brokers = infra.kafkaBrokers;
    const sender = await createMessaging({
      serviceName: uniqueName('workforce_it_sender'),
      brokers,
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
    await startGroupAtEnd({ brokers, group, topics: CONSUMED.map((topic) => topic.name) });
    const database = await createTestDatabase(infra.databaseUrl, 'workforce_sync');
    const service = await startServiceProcess('workforce-sync', {
      databaseUrl: database.url,
      env: { KAFKA_CONSUMER_GROUP: group },
    }).catch(async (error: unknown) => {
      await Promise.all([sender.stop(), database.drop(), purgeConsumerGroup({ brokers, group })]);
      throw error;
    });
    return new WorkforceHarness(service, sender, group, database);
  }

  /** Reads `topic` from its current end (the topic must exist: the service creates its own). */
  async tap(topic: TopicContract<unknown>): Promise<TopicTap> {
    const { kafkaBrokers, schemaRegistryUrl } = getInfra();
    const tap = await tapTopic({ brokers: kafkaBrokers, schemaRegistryUrl, topic: topic.name });
    this.taps.push(tap);
    return tap;
  }

  /** Reads saga.replies.v1 from its current end. */
  async tapReplies(): Promise<ReplyTap> {
    const { kafkaBrokers, schemaRegistryUrl } = getInfra();
    const tap = await tapReplies({ brokers: kafkaBrokers, schemaRegistryUrl });
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
    return this.send('POST', path, body);
  }

  /** POST `csv` as text/csv. */
  postCsv(path: string, csv: string): Promise<Response> {
    return this.fetch(path, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
  }

  /** PUT `body` as JSON. */
  put(path: string, body: unknown): Promise<Response> {
    return this.send('PUT', path, body);
  }

  private send(method: string, path: string, body: unknown): Promise<Response> {
    return this.fetch(path, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  /**
   * An AVAILABLE bed of the unit (of MGH unless `facilityId` says otherwise), picked at random:
   * beds are shared with whatever else publishes ADT facts right now, so a test never assumes a
   * particular bed is free.
   */
  async freeBed(unitId: string, facilityId = 'MGH'): Promise<Location> {
    const board = await this.get<BedBoardDto>(
      `/bed-board?facilityId=${facilityId}&unitId=${unitId}`,
    );
    const free = board.units.flatMap((u) => u.beds).filter((b) => b.status === 'AVAILABLE');
    const bed = free[randomInt(free.length)];
    assert.ok(bed, `no AVAILABLE bed on ${facilityId}:${unitId}`);
    return { facilityId, unitId, roomId: bed.roomId, bedId: bed.bedId };
  }

  /** Waits for a dead letter keyed `key` on the service's DLQ; resolves with its headers. */
  async deadLetter(key: string, timeoutMs = 30_000): Promise<Readonly<Record<string, string>>> {
    const [dead] = await (await this.dlq()).waitFor((m) => m.key === key, 1, timeoutMs);
    assert.ok(dead, `no dead letter keyed ${key}`);
    return dead.headers;
  }

  /**
   * The dead letters keyed `key` once the DLQ was read to its end (the DLQ is this run's own, but
   * other runs' messages on the shared topics may be dead-lettered in it too: count by key).
   */
  async deadLettersKeyed(key: string): Promise<number> {
    const depth = await topicDepth(getInfra().kafkaBrokers, deadLetterTopic(this.group));
    if (depth === 0) return 0;
    const tap = await this.dlq();
    await tap.waitFor(() => true, depth);
    return tap.messages((m) => m.key === key).length;
  }

  /** The tap on the service's DLQ, from its beginning. */
  private async dlq(): Promise<TopicTap> {
    if (!this.deadLetters) {
      const { kafkaBrokers, schemaRegistryUrl } = getInfra();
      this.deadLetters = await tapTopic({
        brokers: kafkaBrokers,
        schemaRegistryUrl,
        topic: deadLetterTopic(this.group),
        fromBeginning: true,
      });
      this.taps.push(this.deadLetters);
    }
    return this.deadLetters;
  }

  /** Stops the service, the taps and the sender; removes the database, groups and topics. */
  async stop(): Promise<void> {
    await this.service.stop();
    await Promise.all(this.taps.map((tap) => tap.stop()));
    await this.sender.stop();
    await purgeConsumerGroup({ brokers: getInfra().kafkaBrokers, group: this.group });
    await this.database.drop();
  }
}
