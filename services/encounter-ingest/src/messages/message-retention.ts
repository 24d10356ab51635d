import { Inject, Injectable } from '@nestjs/common';
import { DatabaseConnector, SERVICE_CONFIG, ScheduledPurge } from '@meridian/service-kit';
import { Registry } from 'prom-client';
import { MessageStore } from './message-store.js';
import type { RetentionConfig } from './retention.config.js';

/**
 * Purges raw payloads (PHI) MESSAGE_RETENTION_DAYS after a message was received: at start, then
 * every MESSAGE_PURGE_INTERVAL_MS, in batches of MESSAGE_PURGE_BATCH_SIZE until none is due (the
 * kit's `ScheduledPurge`).
 *
 * The row itself stays, without `raw_payload` and `raw_bytes`: its sender and control id are what
 * a resend is recognised by (a resend of a purged PROCESSED message is answered with the ACK or
 * OperationOutcome given, not published twice), and it holds no PHI (identity, status, ACK, event
 * ids). A purged message cannot be reprocessed (410). Logs counts only; counts purges in
 * `inbound_message_payloads_purged_total`.
 */
@Injectable()
export class MessageRetention extends ScheduledPurge {
  constructor(
    @Inject(SERVICE_CONFIG) config: RetentionConfig,
    store: MessageStore,
    database: DatabaseConnector,
    registry: Registry,
  ) {
    super(
      {
        what: 'raw payloads of old messages',
        metricPrefix: 'inbound_message',
        retentionDays: config.messageRetentionDays,
        batchSize: config.messagePurgeBatchSize,
        intervalMs: config.messagePurgeIntervalMs,
        purgeBatch: (cutoff, limit) => store.purgePayloads(cutoff, limit),
      },
      database,
      registry,
    );
  }
}
