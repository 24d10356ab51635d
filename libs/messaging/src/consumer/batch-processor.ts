import type { RecordContract } from '@meridian/contracts';
import { extractTraceContext, type KafkaHeaders } from '@meridian/telemetry';
import type { EachBatchPayload, KafkaMessage, Message } from 'kafkajs';
import type { EntityManager } from 'typeorm';
import type { MessageEnvelope } from '../envelope.js';
import { InfrastructureUnavailableError, isRetriable, UndecodableMessageError } from '../errors.js';
import { classifyStartFailure } from '../start/start-failure.js';
import { inMessagingSpan } from '../tracing.js';
import { nextChunk } from './consumer-batch.js';
import type { ConsumerRuntimeOptions, MessageHandler } from './consumer-runtime.js';
import {
  attemptsMade,
  failureHeaders,
  notBefore,
  originalPosition,
  type SourcePosition,
} from './failure-headers.js';
import { nextStep, type RetryPolicy } from './retry-policy.js';

/** A handler and the contract (reader schema) its records are decoded with. */
export interface Registration {
  readonly contract: RecordContract<unknown>;
  readonly handler: MessageHandler<unknown>;
}

/** The runtime's own options it works with, the defaults applied. */
export interface BatchProcessorOptions extends Pick<
  ConsumerRuntimeOptions,
  'group' | 'serde' | 'dataSource' | 'outbox' | 'producer' | 'logger' | 'metrics'
> {
  readonly retry: RetryPolicy;
  /** How long to wait before reading a message again when infrastructure is down. */
  readonly infrastructurePauseMs: number;
  /** The most messages handled in one transaction. */
  readonly batchMax: number;
  /** The handlers of a topic by record full name (none for a topic no longer read). */
  readonly registrations: (topic: string) => ReadonlyMap<string, Registration>;
}

/** The partition a batch came from and what kafkajs lets its handler do there. */
interface PartitionCursor {
  readonly topic: string;
  readonly partition: number;
  heartbeat(): Promise<void>;
  /** False once the consumer stops or the partition was moved elsewhere: stop between messages. */
  live(): boolean;
  /** Marks every message up to `offset` done and commits the group's offsets. */
  settle(offset: string): Promise<void>;
}

interface Received {
  readonly message: KafkaMessage;
  readonly headers: KafkaHeaders;
  /** 1 on first delivery, 2 on the first retry, ... */
  readonly attempt: number;
  /** Where it was first consumed (a retry keeps its original position). */
  readonly source: SourcePosition;
}

interface ToHandle extends Received {
  readonly kind: 'handle';
  readonly registration: Registration;
  readonly value: unknown;
  readonly envelope: MessageEnvelope;
  /** The envelope's message id in PostgreSQL's spelling of a uuid (lower case). */
  readonly id: string;
  readonly key: string | null;
  readonly recordName: string;
}
/** A record of a type this group has no handler for on that topic. */
interface Skipped extends Received {
  readonly kind: 'skip';
  readonly recordName: string;
}
/** To a retry topic or the DLQ. */
interface Failed extends Received {
  readonly kind: 'fail';
  readonly error: unknown;
}
/** Its handler's work committed (`handled`), or it was a duplicate. */
interface Done extends Received {
  readonly kind: 'done';
  readonly handled: boolean;
}

type Read = ToHandle | Skipped | Failed;
type Settled = Done | Skipped | Failed;

/** How a chunk's messages ended up, in order, and why it stopped before its end, if it did. */
interface ChunkRun {
  readonly settled: readonly Settled[];
  /** Infrastructure is down: the rest is read again after a pause. */
  readonly halt?: InfrastructureUnavailableError | undefined;
  /**
   * A handler lost a lock conflict (deadlock, serialization failure) with another transaction
   * while earlier messages' work held locks: that work is committed, releasing them, and the rest
   * is handled at once in a new transaction.
   */
  readonly contended?: boolean;
  /** kafkajs refused a heartbeat (a rebalance): thrown to kafkajs once the settled part is. */
  readonly interrupted?: unknown;
}

/** PostgreSQL's deadlock_detected and serialization_failure: another transaction won. */
const LOCK_CONFLICTS = new Set(['40P01', '40001']);

/** Whether `error` (or an error it wraps) is a lost lock conflict. */
function isLockConflict(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && LOCK_CONFLICTS.has(code)) return true;
  }
  return false;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const CLAIM = `
  INSERT INTO messaging_processed_message (consumer_group, message_id, topic, partition, "offset")
  SELECT $1, m.message_id, m.topic, m.partition, m.offset
  FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[]) AS m (message_id, topic, partition, "offset")
  ON CONFLICT DO NOTHING
  RETURNING message_id`;

/**
 * The one savepoint a transaction's handlers run in, never more than one open: before each handler
 * the previous one's work is released into the transaction and the savepoint set again, in one
 * round trip (two statements in one simple-protocol query); a handler that throws is rolled back to
 * it, which keeps it established and empty, so the next handler needs no statement. The last one
 * is released by COMMIT.
 */
class MessageSavepoint {
  private state: 'none' | 'empty' | 'used' = 'none';

  constructor(private readonly manager: EntityManager) {}

  /** Before a handler. */
  async set(): Promise<void> {
    if (this.state === 'none') await this.manager.query('SAVEPOINT message');
    else if (this.state === 'used')
      await this.manager.query('RELEASE SAVEPOINT message; SAVEPOINT message');
    this.state = 'used';
  }

  /** After a handler that threw: its work undone, the work before it kept. */
  async rollback(): Promise<void> {
    await this.manager.query('ROLLBACK TO SAVEPOINT message');
    this.state = 'empty';
  }
}

const RELEASE_CLAIMS = `
  DELETE FROM messaging_processed_message
  WHERE consumer_group = $1 AND message_id = ANY ($2::uuid[])`;

/**
 * Handles a partition's fetched batches in transactions of at most `batchMax` messages, in order:
 * the processed-message rows of a transaction's messages are claimed in one statement (a message
 * whose row exists, or whose id came earlier in the same transaction, is a duplicate and skipped);
 * each handler runs in a savepoint of its own, so one that throws is rolled back alone, its row
 * released, and it goes alone to its retry topic or the DLQ once the others committed. Offsets are
 * resolved only after the transaction committed (and the failures were sent on), and committed
 * once per transaction. Infrastructure down (the schema registry, a handler's
 * InfrastructureUnavailableError) commits what came before it and reads the rest again after a
 * pause; the database down loses the whole transaction, nothing is resolved, the batch is read
 * again after a pause. A transaction failing for another reason (a deferred constraint at commit)
 * is run again one message per transaction, so the message at fault fails alone. A handler that
 * loses a lock conflict (a deadlock between two partitions' transactions, which hold more rows for
 * longer than one message's would) is not at fault: the messages before it are committed, which
 * releases their locks, and it is handled again at once in the next transaction; alone in its
 * transaction, it goes to its retry topic like any failure.
 */
export class BatchProcessor {
  constructor(private readonly options: BatchProcessorOptions) {}

  /** kafkajs' `eachBatch`; a retry consumer (`delayed`) waits for each message's retry time. */
  async consume(payload: EachBatchPayload, delayed: boolean): Promise<void> {
    const { batch, heartbeat } = payload;
    const cursor: PartitionCursor = {
      topic: batch.topic,
      partition: batch.partition,
      heartbeat,
      live: () => payload.isRunning() && !payload.isStale(),
      settle: async (offset) => {
        payload.resolveOffset(offset);
        await payload.commitOffsetsIfNecessary(payload.uncommittedOffsets());
      },
    };
    let rest: readonly KafkaMessage[] = batch.messages;
    while (rest[0] && cursor.live()) {
      if (delayed && !(await waitUntil(notBefore(rest[0].headers), cursor))) return;
      const chunk = nextChunk(rest, this.options.batchMax, delayed ? Date.now() : undefined);
      rest = rest.slice(await this.handleChunk(chunk, cursor));
    }
  }

  /** Handles `messages` in one transaction; how many of them, from the first, are settled. */
  private async handleChunk(
    messages: readonly KafkaMessage[],
    cursor: PartitionCursor,
  ): Promise<number> {
    const { entries, halt } = await this.read(messages, cursor);
    const toHandle = entries.filter((entry) => entry.kind === 'handle').length;
    let run: ChunkRun = { settled: entries.filter(isSettled), halt };
    if (toHandle > 0) {
      // Stopped early, the failure the reading found further on is not reached.
      const reached = (done: ChunkRun): ChunkRun =>
        done.settled.length < entries.length ? done : { ...done, halt };
      try {
        run = reached(
          await this.options.dataSource.transaction((manager) =>
            this.transact(manager, entries, cursor),
          ),
        );
      } catch (error) {
        if (error instanceof RolledBack) {
          run = reached(error.run);
        } else if (classifyStartFailure(error).retriable) {
          const unavailable = new InfrastructureUnavailableError(
            'database unavailable: the batch transaction failed',
            error,
          );
          await this.pause(unavailable, cursor, messages[0]?.offset);
          throw unavailable; // nothing resolved: the whole batch is read again
        } else if (toHandle > 1) {
          return this.oneByOne(error, messages, cursor);
        } else {
          // Its one message to handle is at fault (a deferred constraint failing at commit).
          run = {
            settled: entries.map((e) =>
              isSettled(e) ? e : { ...received(e), kind: 'fail', error },
            ),
            halt,
          };
        }
      }
    }
    if (run.settled.some((entry) => entry.kind === 'done' && entry.handled))
      this.options.outbox.nudge();
    await this.settle(run.settled, cursor);
    if (run.interrupted !== undefined) throw run.interrupted;
    if (run.contended) return run.settled.length;
    if (run.halt) {
      await this.pause(run.halt, cursor, messages[run.settled.length]?.offset);
      throw run.halt; // not resolved: kafkajs fetches from this message again
    }
    return run.settled.length;
  }

  /**
   * A transaction of several messages failed for a reason that is not the database being down (a
   * deferred constraint failing at commit): some message's fault. Each is handled again in a
   * transaction of its own, so the one at fault fails alone.
   */
  private async oneByOne(
    error: unknown,
    messages: readonly KafkaMessage[],
    cursor: PartitionCursor,
  ): Promise<number> {
    this.options.logger.warn(
      {
        err: error,
        group: this.options.group,
        topic: cursor.topic,
        partition: cursor.partition,
        messages: messages.length,
      },
      'batch transaction failed; its messages are handled one per transaction',
    );
    let count = 0;
    for (const message of messages) {
      if (count > 0 && !cursor.live()) break;
      count += await this.handleChunk([message], cursor);
    }
    return count;
  }

  /** Decodes each message; stops at the first the schema registry cannot be asked about. */
  private async read(
    messages: readonly KafkaMessage[],
    cursor: PartitionCursor,
  ): Promise<{ entries: Read[]; halt?: InfrastructureUnavailableError }> {
    const entries: Read[] = [];
    for (const message of messages) {
      const headers = (message.headers ?? {}) as KafkaHeaders;
      const received: Received = {
        message,
        headers,
        attempt: attemptsMade(headers) + 1,
        source: originalPosition(headers, { ...cursor, offset: message.offset }),
      };
      try {
        entries.push(await this.decode(received));
      } catch (error) {
        if (error instanceof InfrastructureUnavailableError) return { entries, halt: error };
        entries.push({ ...received, kind: 'fail', error });
      }
    }
    return { entries };
  }

  private async decode(received: Received): Promise<ToHandle | Skipped> {
    // A retry of a topic this deployment no longer reads has no handlers: skipped like the rest.
    const registrations = this.options.registrations(received.source.topic);
    const readers = new Map([...registrations].map(([name, r]) => [name, r.contract]));
    const decoded = await this.options.serde.decode(received.message.value, readers);
    if (decoded.kind === 'unhandled')
      return { ...received, kind: 'skip', recordName: decoded.recordName };
    const recordName = decoded.contract.fullName;
    const registration = registrations.get(recordName);
    const envelope = (decoded.value as { envelope?: MessageEnvelope }).envelope;
    if (!registration || !envelope)
      throw new UndecodableMessageError(`${recordName} has no envelope`);
    if (!UUID.test(envelope.messageId))
      throw new UndecodableMessageError(`${recordName}'s envelope messageId is not a UUID`);
    return {
      ...received,
      kind: 'handle',
      registration,
      value: decoded.value,
      envelope,
      id: envelope.messageId.toLowerCase(),
      key: received.message.key?.toString() ?? null,
      recordName,
    };
  }

  /**
   * The chunk's work inside its transaction, message by message, each in a savepoint when there are
   * several to handle. A lone message to handle needs none: when its handler throws, the whole
   * transaction is rolled back (`RolledBack`), its processed-message row with it.
   */
  private async transact(
    manager: EntityManager,
    entries: readonly Read[],
    cursor: PartitionCursor,
  ): Promise<ChunkRun> {
    const fresh = await this.claim(manager, entries);
    const savepoint = fresh.size > 1 ? new MessageSavepoint(manager) : undefined;
    const committed = new Set<string>();
    const seen = new Set<string>();
    const settled: Settled[] = [];
    let halt: InfrastructureUnavailableError | undefined;
    let contended = false;
    let interrupted: unknown;
    for (const entry of entries) {
      if (settled.length > 0 && !cursor.live()) break;
      if (entry.kind !== 'handle') {
        settled.push(entry);
        continue;
      }
      const first = fresh.has(entry.id) && !seen.has(entry.id);
      seen.add(entry.id);
      const failure = await this.run(manager, entry, first && (savepoint ?? 'alone'));
      if (failure !== undefined && !savepoint) {
        throw new RolledBack(
          failure.error instanceof InfrastructureUnavailableError
            ? { settled, halt: failure.error }
            : { settled: [...settled, { ...received(entry), kind: 'fail', error: failure.error }] },
        );
      }
      if (failure === undefined) {
        if (first) committed.add(entry.id);
        settled.push({ ...received(entry), kind: 'done', handled: first });
      } else if (failure.error instanceof InfrastructureUnavailableError) {
        halt = failure.error;
        break;
      } else if (settled.length > 0 && isLockConflict(failure.error)) {
        contended = true;
        break;
      } else {
        settled.push({ ...received(entry), kind: 'fail', error: failure.error });
      }
      try {
        await cursor.heartbeat();
      } catch (error) {
        interrupted = error;
        break;
      }
    }
    // Rows of messages that failed or were not reached must not survive: their next delivery
    // would be taken for a duplicate.
    const released = [...fresh].filter((id) => !committed.has(id));
    if (released.length > 0) await manager.query(RELEASE_CLAIMS, [this.options.group, released]);
    return {
      settled,
      ...(halt ? { halt } : {}),
      ...(contended ? { contended } : {}),
      ...(interrupted === undefined ? {} : { interrupted }),
    };
  }

  /** Inserts the processed-message rows of the messages to handle; the ids that were new. */
  private async claim(manager: EntityManager, entries: readonly Read[]): Promise<Set<string>> {
    const first = new Map<string, ToHandle>();
    for (const entry of entries)
      if (entry.kind === 'handle' && !first.has(entry.id)) first.set(entry.id, entry);
    const rows = [...first.values()];
    const inserted = await manager.query<{ message_id: string }[]>(CLAIM, [
      this.options.group,
      rows.map((r) => r.id),
      rows.map((r) => r.source.topic),
      rows.map((r) => r.source.partition),
      rows.map((r) => r.source.offset),
    ]);
    return new Set(inserted.map((row) => row.message_id));
  }

  /**
   * One message in its `process` span: a duplicate (`fresh` false) is only logged; a fresh one's
   * handler runs, in the transaction's savepoint rolled back when it throws unless it is the
   * transaction's only one (`alone`); its failure is returned. A failing savepoint statement (the
   * database gone) throws: the whole transaction is lost.
   */
  private async run(
    manager: EntityManager,
    entry: ToHandle,
    fresh: false | MessageSavepoint | 'alone',
  ): Promise<{ error: unknown } | undefined> {
    const { group, logger, outbox } = this.options;
    const { source, envelope, key } = entry;
    const span = (work: () => Promise<void>): Promise<void> =>
      inMessagingSpan(
        'process',
        {
          topic: source.topic,
          key,
          messageId: envelope.messageId,
          recordName: entry.recordName,
          group,
        },
        extractTraceContext(entry.headers),
        work,
      );
    if (!fresh) {
      await span(async () => {
        logger.info(
          { messageId: envelope.messageId, topic: source.topic, group },
          'duplicate message skipped',
        );
      });
      return undefined;
    }
    const cause = { messageId: envelope.messageId, correlationId: envelope.correlationId };
    const savepoint = fresh === 'alone' ? undefined : fresh;
    await savepoint?.set();
    try {
      await span(() =>
        entry.registration.handler(entry.value, {
          topic: source.topic,
          partition: source.partition,
          offset: source.offset,
          key,
          envelope,
          headers: entry.headers,
          attempt: entry.attempt,
          manager,
          publish: (topic, contract, draft, options) =>
            outbox.publish(manager, topic, contract, draft, options, cause),
        }),
      );
    } catch (error) {
      await savepoint?.rollback();
      return { error };
    }
    return undefined;
  }

  /**
   * Sends the failures on, counts the skipped, then resolves and commits the offsets. A failed send
   * resolves only the messages before the first failure and throws.
   */
  private async settle(settled: readonly Settled[], cursor: PartitionCursor): Promise<void> {
    const failures = settled.filter((entry): entry is Failed => entry.kind === 'fail');
    const firstFailure = failures[0];
    let count = settled.length;
    let sendError: unknown;
    if (firstFailure) {
      try {
        await this.divert(failures);
      } catch (error) {
        sendError = error;
        count = settled.indexOf(firstFailure);
      }
    }
    for (const entry of settled.slice(0, count)) if (entry.kind === 'skip') this.skipped(entry);
    const last = settled[count - 1];
    if (last) await cursor.settle(last.message.offset);
    if (count < settled.length) throw sendError;
  }

  /**
   * A record type this group has no handler for on that topic (other groups read it): nothing to
   * do and nothing wrong, so no retry and no DLQ; the offset is committed like a handled one's.
   */
  private skipped({ source, recordName: record }: Skipped): void {
    const { group, metrics, logger } = this.options;
    metrics.skipped.inc({ group, topic: source.topic, record });
    logger.debug({ group, ...source, record }, 'record without a handler in this group skipped');
  }

  /** To the next retry topic or the DLQ, original bytes, key and headers kept; one request. */
  private async divert(failures: readonly Failed[]): Promise<void> {
    const { group, retry, producer, logger } = this.options;
    const now = new Date();
    const diverted = failures.map((failure) => ({
      failure,
      step: nextStep(group, retry, failure.attempt, isRetriable(failure.error)),
    }));
    const byTopic = new Map<string, Message[]>();
    for (const { failure, step } of diverted) {
      const { message, headers, attempt, source, error } = failure;
      const messages = byTopic.get(step.topic) ?? [];
      messages.push({
        key: message.key,
        value: message.value,
        headers: failureHeaders(headers, {
          attempt,
          source,
          error,
          group,
          failedAt: now,
          ...(step.kind === 'retry' ? { notBefore: new Date(now.getTime() + step.delayMs) } : {}),
        }),
      });
      byTopic.set(step.topic, messages);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    for (const { failure, step } of diverted) {
      const log = {
        err: failure.error,
        group,
        ...failure.source,
        attempt: failure.attempt,
        to: step.topic,
      };
      if (step.kind === 'retry') logger.warn(log, 'message failed; scheduled for retry');
      else logger.error(log, 'message failed; moved to the dead letter topic');
    }
  }

  private async pause(
    error: InfrastructureUnavailableError,
    cursor: PartitionCursor,
    offset: string | undefined,
  ): Promise<void> {
    this.options.logger.warn(
      {
        err: error,
        group: this.options.group,
        topic: cursor.topic,
        partition: cursor.partition,
        offset,
      },
      'infrastructure unavailable; the message will be read again',
    );
    await new Promise((resolve) => setTimeout(resolve, this.options.infrastructurePauseMs));
  }
}

/** Thrown out of a transaction to roll it back whole: how its chunk ended. */
class RolledBack extends Error {
  constructor(readonly run: ChunkRun) {
    super('the transaction of a lone message whose handler failed is rolled back');
  }
}

const isSettled = (entry: Read): entry is Skipped | Failed => entry.kind !== 'handle';

/** The delivery part of a message to handle. */
function received({ message, headers, attempt, source }: Received): Received {
  return { message, headers, attempt, source };
}

/**
 * Sleeps until `epochMs`, sending heartbeats so the group does not evict this consumer; false when
 * the consumer stopped (or lost the partition) meanwhile.
 */
async function waitUntil(epochMs: number, cursor: PartitionCursor): Promise<boolean> {
  while (Date.now() < epochMs) {
    if (!cursor.live()) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, epochMs - Date.now())));
    await cursor.heartbeat();
  }
  return true;
}
