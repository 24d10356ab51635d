import type { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { OutboxListener, ownConnectionOptions } from './outbox.listener.js';

/** Relay instances of one database take turns by this advisory lock, which keeps the order. */
const RELAY_LOCK = 0x6d657269; // "meri"

/** Most rows one batch claims and sends in one sendBatch (OUTBOX_BATCH_SIZE). */
export const OUTBOX_BATCH_SIZE = 200;
/**
 * How long an idle relay waits before looking without being woken (OUTBOX_FALLBACK_POLL_MS): only
 * a notification lost with its connection waits for it; every commit wakes the relay otherwise.
 */
export const OUTBOX_FALLBACK_POLL_MS = 10_000;
/** After a failed batch: 250 ms doubling to 30 s (nudges do not shorten it). */
const RETRY_INITIAL_MS = 250;
const RETRY_MAX_MS = 30_000;

/**
 * One statement claims the turn and the batch: the advisory lock (held until the transaction
 * ends, so no other relay sends in between; none taken when another relay holds it) and the
 * oldest unpublished rows, marked published, in id order. The statement's snapshot predates the
 * lock, so a batch another relay committed meanwhile may look unpublished there: `o.published_at
 * IS NULL` is re-checked on each row's committed version (READ COMMITTED) and skips it.
 */
const CLAIM_BATCH = `
  WITH turn AS (SELECT pg_try_advisory_xact_lock($1) AS mine),
  claimed AS (
    UPDATE messaging_outbox AS o SET published_at = now()
    FROM turn, (
      SELECT id FROM messaging_outbox WHERE published_at IS NULL ORDER BY id LIMIT $2
    ) AS due
    WHERE turn.mine AND o.id = due.id AND o.published_at IS NULL
    RETURNING o.id, o.topic, o.key, o.value, o.headers)
  SELECT * FROM claimed ORDER BY id`;

interface ClaimedRow {
  id: string;
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions {
  readonly dataSource: DataSource;
  readonly producer: Producer;
  readonly logger: Logger;
  /** Default OUTBOX_BATCH_SIZE. */
  readonly batchSize?: number;
  /** Default OUTBOX_FALLBACK_POLL_MS. */
  readonly fallbackPollMs?: number;
}

/**
 * Sends outbox rows to Kafka in order, a batch per turn: in one transaction the rows are claimed
 * and marked published, sent (one sendBatch, acks=all), then the transaction commits. A crash or
 * failed send before the commit leaves them unmarked, so they are sent again: the messages keep
 * their messageId, and consumers' processed-message tables drop the duplicates.
 * (`published_at` is the claiming transaction's start, committed only once Kafka has them.)
 *
 * Started, it runs a turn whenever there may be work: a nudge in-process, a NOTIFY of a commit in
 * any process (its own LISTEN connection), a full batch, or the fallback poll. A wake during a
 * turn is kept (a pending flag) and runs the next turn, which sends what accumulated meanwhile.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private listener: OutboxListener | undefined;
  /** Something may be waiting: set by every wake, cleared when a turn sends its claim. */
  private pending = true;
  private wake: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.listener = new OutboxListener({
      connection: ownConnectionOptions(this.options.dataSource),
      logger: this.options.logger,
      onWake: () => this.nudge(),
    });
    this.running = true;
    this.pending = true;
    this.listener.open();
    this.loop = this.run();
  }

  /** Stops after the batch in flight, if any, is sent and marked. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.close();
    this.listener = undefined;
  }

  /** There may be work: the next turn starts now, or right after the one in flight. */
  nudge(): void {
    this.pending = true;
    this.wake?.();
  }

  /** One batch: the number of messages sent (0 when idle or another relay holds the lock). */
  async relayOnce(): Promise<number> {
    return this.sendBatch(() => undefined);
  }

  /**
   * One batch; `claiming` runs just before the claim is sent, so whatever committed before it is
   * in the claim's snapshot.
   */
  private async sendBatch(claiming: () => void): Promise<number> {
    const { dataSource, producer, batchSize = OUTBOX_BATCH_SIZE } = this.options;
    return dataSource.transaction(async (manager) => {
      claiming();
      const rows = await manager.query<ClaimedRow[]>(CLAIM_BATCH, [RELAY_LOCK, batchSize]);
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, ClaimedRow[]>();
      for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, batch]) => ({
          topic,
          messages: batch.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
        })),
      });
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    const {
      logger,
      batchSize = OUTBOX_BATCH_SIZE,
      fallbackPollMs = OUTBOX_FALLBACK_POLL_MS,
    } = this.options;
    let failures = 0;
    // A wake is spent when the claim is sent, not when the turn starts: the notification of a
    // commit the nudge already announced, arriving during BEGIN, then costs no empty turn.
    const claiming = (): void => {
      this.pending = false;
    };
    while (this.running) {
      try {
        // A full batch may have left rows behind. When another relay holds the turn, it got the
        // same notifications and sends what woke this one.
        if ((await this.sendBatch(claiming)) >= batchSize) this.pending = true;
        failures = 0;
      } catch (error) {
        failures += 1;
        logger.warn({ err: error, failures }, 'outbox relay batch failed; will retry');
        await this.sleep(Math.min(RETRY_INITIAL_MS * 2 ** (failures - 1), RETRY_MAX_MS), false);
        continue;
      }
      if (!this.pending) await this.sleep(fallbackPollMs, true);
    }
  }

  /**
   * Waits `ms`, or until a stop, or (when `wakeable`) until a nudge. Not at all once stopped: a
   * stop during a batch found no sleep to wake, and the loop would wait out the fallback poll.
   */
  private async sleep(ms: number, wakeable: boolean): Promise<void> {
    if (!this.running) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        if (!wakeable && this.running) return;
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }
}
