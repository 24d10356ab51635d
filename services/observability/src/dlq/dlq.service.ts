import { Injectable } from '@nestjs/common';
import { ProblemException } from '@meridian/service-kit';
import { KafkaClients } from '../kafka/kafka-clients.js';
import { replayMessage } from './dead-letter.js';
import { encodeDlqCursor } from './dlq-requests.js';
import type { BulkReplayRequest, DlqListQuery, DlqStatus } from './dlq-requests.js';
import { DlqStore } from './dlq.store.js';
import type { StoredDeadLetter } from './dlq.store.js';
import { WriterSchemas } from './writer-schemas.js';

/**
 * A dead letter as the API shows it: failure, status and replays, without its payload (PHI: see
 * `DlqEntryWithPayload`).
 */
export interface DlqEntry {
  readonly id: string;
  readonly group: string;
  readonly dlqTopic: string;
  readonly partition: number;
  readonly offset: string;
  readonly originalTopic: string | null;
  readonly originalPartition: number | null;
  readonly originalOffset: string | null;
  readonly key: string | null;
  readonly recordName: string | null;
  readonly errorClass: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly attempts: number;
  readonly failedAt: Date | null;
  readonly status: DlqStatus;
  readonly park: StoredDeadLetter['park'];
  /** When the payload was purged (DLQ_RETENTION_DAYS); null while it is kept. */
  readonly payloadPurgedAt: Date | null;
  readonly replays: StoredDeadLetter['replays'];
}

/**
 * The entry with its decoded payload (`GET /dlq/:id?include=payload`, phi-reader only): null with
 * the reason when it was purged or cannot be decoded.
 */
export interface DlqEntryWithPayload extends DlqEntry {
  readonly payload: unknown;
  readonly payloadError: string | null;
}

/** The problem type of a replay of a dead letter whose payload was purged (410). */
export const PAYLOAD_PURGED = 'urn:meridian:problem:payload-purged';

/** The answer of one replay: whether it was sent, and the result recorded. */
interface Sent {
  readonly sent: boolean;
  readonly result: string;
}

@Injectable()
export class DlqService {
  constructor(
    private readonly store: DlqStore,
    private readonly schemas: WriterSchemas,
    private readonly kafka: KafkaClients,
  ) {}

  async list(query: DlqListQuery): Promise<{ items: DlqEntry[]; nextCursor: string | null }> {
    const { items, more } = await this.store.list(query);
    const last = items.at(-1);
    return {
      items: items.map(view),
      nextCursor: more && last ? encodeDlqCursor(last.id) : null,
    };
  }

  async get(id: string): Promise<DlqEntry> {
    return view(await this.entry(id));
  }

  /** The entry and its payload decoded with the writer schema (PHI: the caller is a phi-reader). */
  async getWithPayload(id: string): Promise<DlqEntryWithPayload> {
    const entry = await this.entry(id);
    if (entry.payloadPurgedAt) {
      return {
        ...view(entry),
        payload: null,
        payloadError: `purged at ${entry.payloadPurgedAt.toISOString()} (DLQ_RETENTION_DAYS)`,
      };
    }
    const decoded = await this.schemas.decode(entry.value);
    return {
      ...view(entry),
      recordName: entry.recordName ?? decoded.recordName,
      payload: decoded.payload,
      payloadError: decoded.payloadError,
    };
  }

  /**
   * Sends the dead letter to `<group>.retry.1` (see `replayMessage`) and records the replay; a
   * group without retry topics (its policy has a single attempt) is a 409, recorded too; an entry
   * whose payload was purged is a 410 (there is nothing to send).
   */
  async replay(id: string, by: string): Promise<DlqEntry> {
    const entry = await this.entry(id);
    if (entry.payloadPurgedAt) {
      throw new ProblemException(410, {
        type: PAYLOAD_PURGED,
        title: 'Payload purged',
        detail: `dead letter ${id} cannot be replayed: its payload was purged at ${entry.payloadPurgedAt.toISOString()} (DLQ_RETENTION_DAYS)`,
      });
    }
    const outcome = await this.send(entry, by, new Map());
    if (!outcome.sent) throw new ProblemException(409, { detail: outcome.result });
    return this.get(id);
  }

  /**
   * Counts (dry run) or replays the OPEN dead letters matching the filter whose payload is kept,
   * oldest first.
   */
  async replayMatching(
    request: BulkReplayRequest,
    by: string,
  ): Promise<{ matched: number; replayed: number }> {
    const ids = await this.store.openMatching(request.filter);
    if (request.dryRun) return { matched: ids.length, replayed: 0 };
    const topics = new Map<string, boolean>();
    let replayed = 0;
    for (const id of ids) {
      const entry = await this.store.get(id);
      if (entry && (await this.send(entry, by, topics)).sent) replayed += 1;
    }
    return { matched: ids.length, replayed };
  }

  async park(id: string, reason: string, by: string): Promise<DlqEntry> {
    if (!(await this.store.park(id, reason, by))) throw notFound(id);
    return this.get(id);
  }

  private async entry(id: string): Promise<StoredDeadLetter> {
    const entry = await this.store.get(id);
    if (!entry) throw notFound(id);
    return entry;
  }

  /** One replay, recorded whatever its result; `topics` caches whether a retry topic exists. */
  private async send(
    entry: StoredDeadLetter,
    by: string,
    topics: Map<string, boolean>,
  ): Promise<Sent> {
    const message = replayMessage(entry);
    let outcome: Sent;
    try {
      let exists = topics.get(message.topic);
      if (exists === undefined) {
        const admin = await this.kafka.connectedAdmin();
        exists = (await admin.listTopics()).includes(message.topic);
        topics.set(message.topic, exists);
      }
      if (!exists) {
        outcome = {
          sent: false,
          result: `REJECTED: ${message.topic} does not exist (group ${entry.group} has no retries)`,
        };
      } else {
        const producer = await this.kafka.connectedProducer();
        await producer.send({
          topic: message.topic,
          acks: -1,
          messages: [{ key: message.key, value: message.value, headers: message.headers }],
        });
        outcome = { sent: true, result: 'SENT' };
      }
    } catch (error) {
      await this.store.recordReplay(
        entry.id,
        by,
        `FAILED: ${(error as Error).message}`,
        message.topic,
        false,
      );
      throw new ProblemException(
        503,
        { detail: `replay of ${entry.id} failed: Kafka unavailable` },
        { cause: error },
      );
    }
    await this.store.recordReplay(entry.id, by, outcome.result, message.topic, outcome.sent);
    return outcome;
  }
}

function view(entry: StoredDeadLetter): DlqEntry {
  return {
    id: entry.id,
    group: entry.group,
    dlqTopic: entry.dlqTopic,
    partition: entry.partition,
    offset: entry.offset,
    originalTopic: entry.originalTopic,
    originalPartition: entry.originalPartition,
    originalOffset: entry.originalOffset,
    key: entry.key?.toString('utf8') ?? null,
    recordName: entry.recordName,
    errorClass: entry.errorClass,
    errorCode: entry.errorCode,
    errorMessage: entry.errorMessage,
    attempts: entry.attempts,
    failedAt: entry.failedAt,
    status: entry.status,
    park: entry.park,
    payloadPurgedAt: entry.payloadPurgedAt,
    replays: entry.replays,
  };
}

function notFound(id: string): ProblemException {
  return new ProblemException(404, { detail: `dead letter ${id} is not known here` });
}
