import { Inject, Injectable } from '@nestjs/common';
import { DatabaseConnector, SERVICE_CONFIG, ScheduledPurge } from '@meridian/service-kit';
import { Registry } from 'prom-client';
import type { AppConfig } from '../config/app.config.js';
import { DlqStore } from './dlq.store.js';

/**
 * Purges dead letters' payloads (PHI) DLQ_RETENTION_DAYS after they were read: at start, then
 * every DLQ_PURGE_INTERVAL_MS, in batches of DLQ_PURGE_BATCH_SIZE until none is due (the kit's
 * `ScheduledPurge`). The entry stays (group, positions, failure, status, replays) with
 * `payloadPurgedAt`; it can no longer be replayed (410). Counts in
 * `meridian_dlq_payloads_purged_total`.
 */
@Injectable()
export class DlqRetention extends ScheduledPurge {
  constructor(
    @Inject(SERVICE_CONFIG) config: AppConfig,
    store: DlqStore,
    database: DatabaseConnector,
    registry: Registry,
  ) {
    super(
      {
        what: 'dead letter payloads',
        metricPrefix: 'meridian_dlq',
        retentionDays: config.dlqRetentionDays,
        batchSize: config.dlqPurgeBatchSize,
        intervalMs: config.dlqPurgeIntervalMs,
        purgeBatch: (cutoff, limit) => store.purgePayloads(cutoff, limit),
      },
      database,
      registry,
    );
  }
}
