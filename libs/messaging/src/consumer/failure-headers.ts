import { scrubMessage } from '@meridian/telemetry';
import type { KafkaHeaders } from '@meridian/telemetry';

/** Headers the runtime adds when it moves a message to a retry topic or the DLQ. */
export const FAILURE_HEADERS = {
  attempt: 'meridian-attempt',
  originalTopic: 'meridian-original-topic',
  originalPartition: 'meridian-original-partition',
  originalOffset: 'meridian-original-offset',
  notBefore: 'meridian-retry-not-before',
  errorClass: 'meridian-error-class',
  errorCode: 'meridian-error-code',
  errorMessage: 'meridian-error-message',
  failedAt: 'meridian-failed-at',
  consumerGroup: 'meridian-consumer-group',
} as const;

export interface SourcePosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface FailureRecord {
  readonly attempt: number;
  /** Where the message was first consumed (kept across retries). */
  readonly source: SourcePosition;
  readonly error: unknown;
  readonly group: string;
  readonly failedAt: Date;
  readonly notBefore?: Date;
}

function header(headers: KafkaHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.toString();
}

/** Attempts already made on a message (0 for one never failed). */
export function attemptsMade(headers: KafkaHeaders | undefined): number {
  const value = Number(header(headers, FAILURE_HEADERS.attempt) ?? 0);
  return Number.isInteger(value) && value > 0 ? value : 0;
}

/** The first position a message was consumed at: from failure headers, else where it is now. */
export function originalPosition(
  headers: KafkaHeaders | undefined,
  here: SourcePosition,
): SourcePosition {
  const topic = header(headers, FAILURE_HEADERS.originalTopic);
  const partition = header(headers, FAILURE_HEADERS.originalPartition);
  const offset = header(headers, FAILURE_HEADERS.originalOffset);
  if (topic === undefined || partition === undefined || offset === undefined) return here;
  return { topic, partition: Number(partition), offset };
}

export function notBefore(headers: KafkaHeaders | undefined): number {
  return Number(header(headers, FAILURE_HEADERS.notBefore) ?? 0);
}

/**
 * The original headers (trace context included) plus the failure's, replacing earlier ones. The
 * error's message is scrubbed of values (`scrubMessage`): a driver's message can quote PHI.
 */
export function failureHeaders(
  original: KafkaHeaders | undefined,
  failure: FailureRecord,
): KafkaHeaders {
  const error = failure.error;
  const errorClass = error instanceof Error ? error.constructor.name : typeof error;
  const code = (error as { code?: unknown })?.code;
  const message = scrubMessage(error instanceof Error ? error.message : String(error));
  return {
    ...original,
    [FAILURE_HEADERS.attempt]: String(failure.attempt),
    [FAILURE_HEADERS.originalTopic]: failure.source.topic,
    [FAILURE_HEADERS.originalPartition]: String(failure.source.partition),
    [FAILURE_HEADERS.originalOffset]: failure.source.offset,
    [FAILURE_HEADERS.errorClass]: errorClass,
    [FAILURE_HEADERS.errorCode]: typeof code === 'string' ? code : 'UNKNOWN',
    [FAILURE_HEADERS.errorMessage]: message.slice(0, 2_000),
    [FAILURE_HEADERS.failedAt]: failure.failedAt.toISOString(),
    [FAILURE_HEADERS.consumerGroup]: failure.group,
    ...(failure.notBefore
      ? { [FAILURE_HEADERS.notBefore]: String(failure.notBefore.getTime()) }
      : {}),
  };
}
