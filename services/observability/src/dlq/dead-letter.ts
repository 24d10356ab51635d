import { FAILURE_HEADERS, RECORD_HEADER, retryTopic } from '@meridian/messaging';
import type { KafkaHeaders } from '@meridian/telemetry';

/** A header as stored: its name and value bytes (base64), in the record's order, repeats kept. */
export type StoredHeader = readonly [name: string, base64: string];

/** A record read from a `<group>.dlq` topic, as kafkajs gives it. */
export interface DlqRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: KafkaHeaders;
}

/** What the store keeps of a dead letter besides its bytes. */
export interface DeadLetter {
  readonly group: string;
  readonly dlqTopic: string;
  readonly partition: number;
  readonly offset: string;
  readonly originalTopic: string | null;
  readonly originalPartition: number | null;
  readonly originalOffset: string | null;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly StoredHeader[];
  readonly recordName: string | null;
  readonly errorClass: string | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly attempts: number;
  readonly failedAt: Date | null;
}

export const DLQ_SUFFIX = '.dlq';

/** Every consumer group's dead letter topic (`<group>.dlq`, see @meridian/messaging). */
export const DLQ_TOPICS = /\.dlq$/;

export function storeHeaders(headers: KafkaHeaders): StoredHeader[] {
  return Object.entries(headers).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v): StoredHeader => [
      name,
      Buffer.from(v).toString('base64'),
    ]),
  );
}

/** The first value of a stored header as UTF-8 text. */
export function headerText(headers: readonly StoredHeader[], name: string): string | null {
  const found = headers.find(([n]) => n === name);
  return found ? Buffer.from(found[1], 'base64').toString('utf8') : null;
}

function integerOrNull(text: string | null): number | null {
  return text !== null && /^\d+$/.test(text) ? Number(text) : null;
}

/**
 * The dead letter of a DLQ record: the failure headers the consumer runtime wrote (group, original
 * position, error class, code and message, attempt, time), the record name its producer stamped.
 * A record without them (written by something else) keeps nulls; its group is the topic's prefix.
 */
export function deadLetterOf(record: DlqRecord): DeadLetter {
  const headers = storeHeaders(record.headers);
  const text = (name: string): string | null => headerText(headers, name);
  const failedAt = text(FAILURE_HEADERS.failedAt);
  const failedAtDate = failedAt === null ? null : new Date(failedAt);
  const originalOffset = text(FAILURE_HEADERS.originalOffset);
  return {
    group: text(FAILURE_HEADERS.consumerGroup) ?? record.topic.replace(DLQ_TOPICS, ''),
    dlqTopic: record.topic,
    partition: record.partition,
    offset: record.offset,
    originalTopic: text(FAILURE_HEADERS.originalTopic),
    originalPartition: integerOrNull(text(FAILURE_HEADERS.originalPartition)),
    originalOffset: originalOffset !== null && /^\d+$/.test(originalOffset) ? originalOffset : null,
    key: record.key,
    value: record.value,
    headers,
    recordName: text(RECORD_HEADER),
    errorClass: text(FAILURE_HEADERS.errorClass),
    errorCode: text(FAILURE_HEADERS.errorCode),
    errorMessage: text(FAILURE_HEADERS.errorMessage),
    attempts: integerOrNull(text(FAILURE_HEADERS.attempt)) ?? 0,
    failedAt: failedAtDate && !Number.isNaN(failedAtDate.getTime()) ? failedAtDate : null,
  };
}

/**
 * Headers the replay leaves out: the attempt count (so the retry consumer starts the message
 * again at attempt 1 with the group's whole retry budget), its not-before time (handled at once)
 * and the last failure's details. The original topic, partition and offset stay: the retry
 * consumer reads them to pick the handler of the topic the message came from.
 */
const DROPPED_ON_REPLAY: ReadonlySet<string> = new Set([
  FAILURE_HEADERS.attempt,
  FAILURE_HEADERS.notBefore,
  FAILURE_HEADERS.errorClass,
  FAILURE_HEADERS.errorCode,
  FAILURE_HEADERS.errorMessage,
  FAILURE_HEADERS.failedAt,
  FAILURE_HEADERS.consumerGroup,
]);

export interface ReplayMessage {
  readonly topic: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, Buffer[]>;
}

/**
 * The dead letter as its group's first retry topic takes it: the original bytes and key, the
 * original headers (trace context included) without the failure's. Only that group's retry
 * consumer reads `<group>.retry.1`; its idempotency (messageId) drops a message it had handled.
 */
export function replayMessage(
  letter: Pick<DeadLetter, 'group' | 'key' | 'value' | 'headers'>,
): ReplayMessage {
  const headers: Record<string, Buffer[]> = {};
  for (const [name, base64] of letter.headers) {
    if (DROPPED_ON_REPLAY.has(name)) continue;
    (headers[name] ??= []).push(Buffer.from(base64, 'base64'));
  }
  return { topic: retryTopic(letter.group, 1), key: letter.key, value: letter.value, headers };
}
