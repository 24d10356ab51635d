import pg from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

/**
 * The channel every outbox write notifies (the writer's INSERT calls pg_notify): PostgreSQL
 * delivers it at commit, once per transaction, to every connection of that database listening.
 */
export const OUTBOX_CHANNEL = 'messaging_outbox';

/** Reconnects of a lost listening connection: 100 ms doubling to 30 s, reset once connected. */
const RECONNECT_INITIAL_MS = 100;
const RECONNECT_MAX_MS = 30_000;

/**
 * The connection options of the DataSource's pool (pg-pool keeps the password out of its
 * enumerable options, hence copied by name), for a connection of its own.
 */
export function ownConnectionOptions(dataSource: DataSource): pg.ClientConfig {
  const pool = (dataSource.driver as { master?: { options?: pg.ClientConfig } }).master;
  if (dataSource.options.type !== 'postgres' || !pool?.options) {
    throw new Error('the outbox relay needs an initialized PostgreSQL DataSource');
  }
  return { ...pool.options, password: pool.options.password };
}

/**
 * One dedicated connection LISTENing on OUTBOX_CHANNEL. `onWake` runs on every notification and
 * after every (re)connect, since what committed while it was down notified no one. A lost
 * connection (terminated, network) is opened again with backoff until `close()`.
 */
export class OutboxListener {
  private client: pg.Client | undefined;
  /** Whether `client` finished connecting and LISTENs. */
  private listening = false;
  private closed = false;
  private failures = 0;
  private reconnect: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      readonly connection: pg.ClientConfig;
      readonly logger: Logger;
      readonly onWake: () => void;
    },
  ) {}

  open(): void {
    void this.connect();
  }

  /**
   * Says goodbye on a connection that listens; one still starting up is only dropped: pg's `end`
   * during the start-up never resolves (seen as a service's stop hanging past its bound when
   * stopped right after it started, under load).
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    const client = this.client;
    this.client = undefined;
    if (this.listening) await client?.end();
    else void client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const { connection, logger, onWake } = this.deps;
    if (this.closed) return;
    const client = new pg.Client(connection);
    this.client = client;
    this.listening = false;
    let lost = false;
    const onLost = (error?: Error): void => {
      if (lost) return;
      lost = true;
      if (this.client === client) {
        this.client = undefined;
        this.listening = false;
      }
      void client.end().catch(() => undefined);
      if (this.closed) return;
      this.failures += 1;
      const retryInMs = Math.min(RECONNECT_INITIAL_MS * 2 ** (this.failures - 1), RECONNECT_MAX_MS);
      logger.warn(
        { err: error, failures: this.failures, retryInMs },
        'outbox relay lost its LISTEN connection; reconnecting (the fallback poll covers the gap)',
      );
      this.reconnect = setTimeout(() => void this.connect(), retryInMs);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', () => onWake());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (lost) return;
    if (this.closed) {
      // Closed while it was starting up.
      void client.end().catch(() => undefined);
      return;
    }
    this.listening = true;
    if (this.failures > 0) logger.info({ failures: this.failures }, 'outbox relay listening again');
    this.failures = 0;
    onWake();
  }
}
