import { envRetentionDays, envWholeNumber } from '@meridian/service-kit';

/**
 * The message store's retention of raw payloads (PHI):
 *
 * | variable                     | default          | what                                          |
 * | ---------------------------- | ---------------- | --------------------------------------------- |
 * | `MESSAGE_RETENTION_DAYS`     | `30`             | days a message's raw payload (text and bytes) is kept after it was received; 1 to 36500 |
 * | `MESSAGE_PURGE_INTERVAL_MS`  | `3600000` (1 h)  | time between two purges (the first runs at start); at least 1000 |
 * | `MESSAGE_PURGE_BATCH_SIZE`   | `500`            | messages purged per statement (one short transaction each); at least 1 |
 */
export interface RetentionConfig {
  readonly messageRetentionDays: number;
  readonly messagePurgeIntervalMs: number;
  readonly messagePurgeBatchSize: number;
}

export const RETENTION_VARIABLES = {
  messageRetentionDays: envRetentionDays('MESSAGE_RETENTION_DAYS', '30'),
  messagePurgeIntervalMs: envWholeNumber('MESSAGE_PURGE_INTERVAL_MS', '3600000', 1000),
  messagePurgeBatchSize: envWholeNumber('MESSAGE_PURGE_BATCH_SIZE', '500', 1),
};
