import { Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import type { DatabaseConnector } from './database-connector.service.js';

const DAY_MS = 86_400_000;

export interface ScheduledPurgeOptions {
  /** What is purged, for log lines: `raw payloads of inbound messages`. */
  readonly what: string;
  /** Metric name prefix: `<prefix>_<unit>_purged_total`, `<prefix>_purge_failures_total`. */
  readonly metricPrefix: string;
  /** What one purged item is, in the counter's name: `payloads` (default) or `rows`. */
  readonly unit?: 'payloads' | 'rows';
  readonly retentionDays: number;
  readonly batchSize: number;
  readonly intervalMs: number;
  /** Purges at most `limit` items older than `cutoff`; resolves with how many it purged. */
  readonly purgeBatch: (cutoff: Date, limit: number) => Promise<number>;
}

/**
 * A retention job for data that must not be kept (PHI payloads) or need not be (rows that only
 * guard against redeliveries): once the database is connected,
 * then every `intervalMs`, purges what is older than `retentionDays` in batches of `batchSize`
 * until none is due, stopping between batches when the service stops. Logs and counts numbers
 * only; a failed run is counted, logged and tried again at the next interval. A service's provider
 * extends it with its options: it starts at bootstrap and stops before the database closes.
 */
export abstract class ScheduledPurge implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger: Logger;
  private readonly purged: Counter;
  private readonly failures: Counter;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly options: ScheduledPurgeOptions,
    private readonly database: DatabaseConnector,
    registry: Registry,
  ) {
    this.logger = new Logger(options.metricPrefix);
    this.purged = new Counter({
      name: `${options.metricPrefix}_${options.unit ?? 'payloads'}_purged_total`,
      help: `${options.what} purged after their ${options.retentionDays}-day retention.`,
      registers: [registry],
    });
    this.failures = new Counter({
      name: `${options.metricPrefix}_purge_failures_total`,
      help: `Purge runs of ${options.what} that failed (tried again at the next interval).`,
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Before the database closes: a running purge ends first. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Purges everything older than `now` minus the retention, batch by batch; returns how many. */
  private async purge(now: Date = new Date()): Promise<number> {
    const { retentionDays, batchSize, what } = this.options;
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    let total = 0;
    for (;;) {
      const purged = await this.options.purgeBatch(cutoff, batchSize);
      total += purged;
      this.purged.inc(purged);
      if (purged < batchSize || this.stopped) break;
    }
    if (total > 0) {
      this.logger.log({
        purged: total,
        retentionDays,
        before: cutoff.toISOString(),
        msg: `${what} purged`,
      });
    }
    return total;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.database
        .connected()
        .then(() => this.purge())
        .then(
          () => undefined,
          (error: unknown) => {
            this.failures.inc();
            this.logger.warn({
              err: error,
              msg: `purging ${this.options.what} failed; tried again later`,
            });
          },
        )
        .finally(() => this.schedule(this.options.intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
