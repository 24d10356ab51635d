import { Inject, Injectable } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SERVICE_CONFIG } from '@meridian/service-kit';
import type { Logger } from '@meridian/telemetry';
import { Counter, Registry } from 'prom-client';
import { APP_LOGGER } from '../app.logger.js';
import { MessageStore } from './message-store.js';
import type { RetentionConfig } from './retention.config.js';

const DAY_MS = 86_400_000;

/**
 * Purges raw payloads (PHI) MESSAGE_RETENTION_DAYS after a message was received: at start, then
 * every MESSAGE_PURGE_INTERVAL_MS, in batches of MESSAGE_PURGE_BATCH_SIZE until none is due.
 *
 * The row itself stays, without `raw_payload` and `raw_bytes`: its sender and control id are what
 * a resend is recognised by (a resend of a purged PROCESSED message is answered with the ACK or
 * OperationOutcome given, not published twice), and it holds no PHI (identity, status, ACK, event
 * ids). A purged message cannot be reprocessed (410). Logs counts only; counts purges in
 * `inbound_message_payloads_purged_total`.
 */
@Injectable()
export class MessageRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly purged: Counter;
  private readonly failures: Counter;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: RetentionConfig,
    private readonly store: MessageStore,
    registry: Registry,
    @Inject(APP_LOGGER) private readonly logger: Logger,
  ) {
    this.purged = new Counter({
      name: 'inbound_message_payloads_purged_total',
      help: 'Raw payloads of inbound messages purged after MESSAGE_RETENTION_DAYS.',
      registers: [registry],
    });
    this.failures = new Counter({
      name: 'inbound_message_purge_failures_total',
      help: 'Purge runs of raw payloads that failed (tried again at the next interval).',
      registers: [registry],
    });
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Before the database closes (`beforeApplicationShutdown`): a running purge ends first. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /**
   * Purges every payload received before `now` minus the retention, batch by batch; returns how
   * many. Stops between batches when the service stops.
   */
  async purge(now: Date = new Date()): Promise<number> {
    const { messageRetentionDays: days, messagePurgeBatchSize: batch } = this.config;
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    let total = 0;
    for (;;) {
      const purged = await this.store.purgePayloads(cutoff, batch);
      total += purged;
      this.purged.inc(purged);
      if (purged < batch || this.stopped) break;
    }
    if (total > 0)
      this.logger.info(
        { purged: total, retentionDays: days, receivedBefore: cutoff.toISOString() },
        'raw payloads of old messages purged',
      );
    return total;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.purge()
        .then(
          () => undefined,
          (error: unknown) => {
            this.failures.inc();
            this.logger.warn({ err: error }, 'purging raw payloads failed; tried again later');
          },
        )
        .finally(() => this.schedule(this.config.messagePurgeIntervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
