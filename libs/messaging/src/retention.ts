import type { DataSource } from 'typeorm';

/**
 * Deletes at most `limit` outbox rows sent before `cutoff`, oldest first (they hold the messages'
 * bytes; Kafka has them). Unsent rows are never touched. Returns how many it deleted.
 */
export async function purgeSentOutbox(
  dataSource: DataSource,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const [, deleted] = await dataSource.query<[unknown[], number]>(
    `DELETE FROM messaging_outbox WHERE id IN (
       SELECT id FROM messaging_outbox WHERE published_at < $1 ORDER BY id LIMIT $2)`,
    [cutoff, limit],
  );
  return deleted;
}

/**
 * Deletes at most `limit` processed-message records older than `cutoff`. A record only has to
 * outlive the redeliveries it guards against (a relay resending after a crash, a rebalance
 * replaying uncommitted offsets: minutes); a dead letter replayed later was never recorded as
 * processed. Returns how many it deleted.
 */
export async function purgeProcessedMessages(
  dataSource: DataSource,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const [, deleted] = await dataSource.query<[unknown[], number]>(
    `DELETE FROM messaging_processed_message WHERE (consumer_group, message_id) IN (
       SELECT consumer_group, message_id FROM messaging_processed_message
       WHERE processed_at < $1 LIMIT $2)`,
    [cutoff, limit],
  );
  return deleted;
}
