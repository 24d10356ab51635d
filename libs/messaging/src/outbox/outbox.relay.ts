import type { Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';

/** Relay instances of one database take turns by this advisory lock, which keeps the order. */
const RELAY_LOCK = 0x6d657269; // "meri"

interface PendingRow {
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
  readonly batchSize?: number;
  readonly pollIntervalMs?: number;
}

/**
 * Sends outbox rows to Kafka in order and marks them published, in one transaction per batch.
 * A crash after the send and before the commit sends that batch again on restart: the messages
 * keep their messageId, so consumers' processed-message tables drop the duplicates.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops after the batch in flight, if any, is sent and marked. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  nudge(): void {
    this.wake?.();
  }

  /** One batch: the number of messages sent (0 when idle or another relay holds the lock). */
  async relayOnce(): Promise<number> {
    const { dataSource, producer, batchSize = 200 } = this.options;
    return dataSource.transaction(async (manager) => {
      const [lock] = await manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [RELAY_LOCK],
      );
      if (!lock?.locked) return 0;
      const rows = await manager.query<PendingRow[]>(
        'SELECT id, topic, key, value, headers FROM messaging_outbox WHERE published_at IS NULL ORDER BY id LIMIT $1',
        [batchSize],
      );
      if (rows.length === 0) return 0;
      const byTopic = new Map<string, PendingRow[]>();
      for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, batch]) => ({
          topic,
          messages: batch.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
        })),
      });
      await manager.query(
        'UPDATE messaging_outbox SET published_at = now() WHERE id = ANY($1::bigint[])',
        [rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }

  private async run(): Promise<void> {
    const { logger, pollIntervalMs = 500 } = this.options;
    let failures = 0;
    while (this.running) {
      try {
        const sent = await this.relayOnce();
        failures = 0;
        if (sent > 0) continue;
      } catch (error) {
        failures += 1;
        logger.warn({ err: error, failures }, 'outbox relay batch failed; will retry');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(pollIntervalMs * 2 ** failures, 30_000));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
