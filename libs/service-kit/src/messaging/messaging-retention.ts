import type { Provider } from '@nestjs/common';
import { purgeProcessedMessages, purgeSentOutbox } from '@meridian/messaging';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { SERVICE_CONFIG } from '../config/config.module.js';
import type { ServiceConfig } from '../config/service-config.js';
import { DatabaseConnector } from '../database/database-connector.service.js';
import { ScheduledPurge, type ScheduledPurgeOptions } from '../database/scheduled-purge.js';

/** One messaging table's purge, kept MESSAGING_RETENTION_DAYS. */
class MessagingRowsPurge extends ScheduledPurge {}

type Purge = (dataSource: DataSource, cutoff: Date, limit: number) => Promise<number>;
type Table = Pick<ScheduledPurgeOptions, 'what' | 'metricPrefix' | 'unit'> & { purge: Purge };

const TABLES: readonly Table[] = [
  // Kafka holds the messages; the rows hold their bytes. Unsent rows stay whatever their age.
  {
    what: 'sent outbox messages',
    metricPrefix: 'meridian_messaging_outbox',
    purge: purgeSentOutbox,
  },
  // They only have to outlive the message's redeliveries.
  {
    what: 'processed-message records',
    metricPrefix: 'meridian_messaging_processed_message',
    unit: 'rows',
    purge: purgeProcessedMessages,
  },
];

/**
 * The retention of a service's messaging rows: outbox rows MESSAGING_RETENTION_DAYS after they
 * were sent, processed-message records as long after their message was handled, purged every
 * MESSAGING_PURGE_INTERVAL_MS in batches of MESSAGING_PURGE_BATCH_SIZE and counted in
 * `meridian_messaging_outbox_payloads_purged_total` and
 * `meridian_messaging_processed_message_rows_purged_total`.
 */
export const MESSAGING_RETENTION: Provider[] = TABLES.map(({ purge, ...table }) => ({
  provide: `messaging retention: ${table.what}`,
  inject: [SERVICE_CONFIG, DataSource, DatabaseConnector, Registry],
  useFactory: (
    config: ServiceConfig,
    dataSource: DataSource,
    database: DatabaseConnector,
    registry: Registry,
  ) =>
    new MessagingRowsPurge(
      {
        ...table,
        retentionDays: config.messagingRetentionDays,
        batchSize: config.messagingPurgeBatchSize,
        intervalMs: config.messagingPurgeIntervalMs,
        purgeBatch: (cutoff, limit) => purge(dataSource, cutoff, limit),
      },
      database,
      registry,
    ),
}));
