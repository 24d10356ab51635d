import { Inject, Injectable } from '@nestjs/common';
import { purgeProcessedMessages, purgeSentOutbox } from '@meridian/messaging';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '../config/config.module.js';
import type { ServiceConfig } from '../config/service-config.js';
import { DatabaseConnector } from '../database/database-connector.service.js';
import { ScheduledPurge } from '../database/scheduled-purge.js';

/**
 * Deletes outbox rows MESSAGING_RETENTION_DAYS after they were sent (Kafka holds the messages;
 * the rows hold their bytes), every MESSAGING_PURGE_INTERVAL_MS in batches of
 * MESSAGING_PURGE_BATCH_SIZE. Unsent rows stay whatever their age. Counts in
 * `meridian_messaging_outbox_payloads_purged_total`.
 */
@Injectable()
export class SentOutboxRetention extends ScheduledPurge {
  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    dataSource: DataSource,
    database: DatabaseConnector,
    registry: Registry,
  ) {
    super(
      {
        what: 'sent outbox messages',
        metricPrefix: 'meridian_messaging_outbox',
        retentionDays: config.messagingRetentionDays,
        batchSize: config.messagingPurgeBatchSize,
        intervalMs: config.messagingPurgeIntervalMs,
        purgeBatch: (cutoff, limit) => purgeSentOutbox(dataSource, cutoff, limit),
      },
      database,
      registry,
    );
  }
}

/**
 * Deletes processed-message records MESSAGING_RETENTION_DAYS after the message was handled: they
 * only have to outlive its redeliveries. Counts in
 * `meridian_messaging_processed_message_rows_purged_total`.
 */
@Injectable()
export class ProcessedMessageRetention extends ScheduledPurge {
  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    dataSource: DataSource,
    database: DatabaseConnector,
    registry: Registry,
  ) {
    super(
      {
        what: 'processed-message records',
        metricPrefix: 'meridian_messaging_processed_message',
        unit: 'rows',
        retentionDays: config.messagingRetentionDays,
        batchSize: config.messagingPurgeBatchSize,
        intervalMs: config.messagingPurgeIntervalMs,
        purgeBatch: (cutoff, limit) => purgeProcessedMessages(dataSource, cutoff, limit),
      },
      database,
      registry,
    );
  }
}
