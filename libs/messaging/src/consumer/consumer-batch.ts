import type { KafkaMessage } from 'kafkajs';
import { notBefore } from './failure-headers.js';

/**
 * Messages handled in one database transaction unless told otherwise (`CONSUMER_BATCH_MAX` in the
 * service kit's config, at most CONSUMER_BATCH_MAX_LIMIT). Each message
 * runs in a savepoint of its own, a subtransaction: PostgreSQL keeps 64 of them per transaction in
 * shared memory and past that every snapshot in the database gets slower, so the default stays
 * below; a transaction of 50 short handlers also stays short.
 */
export const DEFAULT_CONSUMER_BATCH_MAX = 50;

/** The largest batch a consumer takes: 1 gives a transaction per message. */
export const CONSUMER_BATCH_MAX_LIMIT = 10_000;

/**
 * The messages at the head of a partition's fetched batch to handle in the next transaction: at
 * most `max`; for a retry consumer (`dueAt` given) only those whose retry time has come by then,
 * stopping at the first that has not (the first is always taken: the caller waited for it).
 */
export function nextChunk(
  messages: readonly KafkaMessage[],
  max: number,
  dueAt?: number,
): readonly KafkaMessage[] {
  const limit = Math.min(max, messages.length);
  if (dueAt === undefined) return messages.slice(0, limit);
  let count = Math.min(1, limit);
  while (count < limit && notBefore(messages[count]?.headers) <= dueAt) count += 1;
  return messages.slice(0, count);
}
