import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DatabaseConnector, SERVICE_CONFIG } from '@meridian/service-kit';
import { Counter, Registry } from 'prom-client';
import type { AppConfig } from '../config/app.config.js';
import { DlqStore } from './dlq.store.js';

const DAY_MS = 86_400_000;

/**
 * Purges dead letters' payloads (PHI) DLQ_RETENTION_DAYS after they were read: at start, then
 * every DLQ_PURGE_INTERVAL_MS, in batches of DLQ_PURGE_BATCH_SIZE until none is due. The entry
 * stays (group, positions, failure, status, replays) with `payloadPurgedAt`; it can no longer be
 * replayed (410). Logs counts only; counts in `meridian_dlq_payloads_purged_total`.
 */
@Injectable()
export class DlqRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DlqRetention.name);
  private readonly purged: Counter;
  private readonly failures: Counter;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AppConfig,
    private readonly store: DlqStore,
    private readonly database: DatabaseConnector,
    registry: Registry,
  ) {
    this.purged = new Counter({
      name: 'meridian_dlq_payloads_purged_total',
      help: "Dead letters' payloads purged after DLQ_RETENTION_DAYS.",
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'meridian_dlq_purge_failures_total',
      help: "Purge runs of dead letters' payloads that failed (tried again at the next interval).",
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

  /** Purges every payload read before `now` minus the retention, batch by batch; returns how many. */
  async purge(now: Date = new Date()): Promise<number> {
    const { dlqRetentionDays: days, dlqPurgeBatchSize: batch } = this.config;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    let total = 0;
    for (;;) {
      const purged = await this.store.purgePayloads(cutoff, batch);
      total += purged;
      this.purged.inc(purged);
      if (purged < batch || this.stopped) break;
    }
    if (total > 0)
      this.logger.log(
        `${total} dead letter payloads read before ${cutoff.toISOString()} purged (retention ${days} days)`,
      );
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
            this.logger.warn(
              `purging dead letter payloads failed; tried again later: ${(error as Error).message}`,
            );
          },
        )
        .finally(() => this.schedule(this.config.dlqPurgeIntervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
