import type { RecordContract, TopicContract } from '@meridian/contracts';
import { injectTraceContext, type KafkaHeaders } from '@meridian/telemetry';
import { context } from '@opentelemetry/api';
import {
  createEnvelope,
  withEnvelope,
  type Causation,
  type Draft,
  type EnvelopeOptions,
} from '../envelope.js';
import type { AvroSerde } from '../serde/avro-serde.js';
import { inMessagingSpan } from '../tracing.js';

export interface PublishOptions extends EnvelopeOptions {
  /** The business key that must stay ordered (encounter id, implant serial, PO number). */
  readonly key: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface OutgoingMessage {
  readonly messageId: string;
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
  readonly recordName: string;
}

/** Header naming the record type, so tools can route or inspect a message without decoding it. */
export const RECORD_HEADER = 'meridian-record';
export const MESSAGE_ID_HEADER = 'meridian-message-id';

/**
 * One message ready for Kafka: envelope filled in, value validated and encoded, W3C trace context
 * of the active span in the headers. Used by direct publishing and by the outbox alike.
 */
export function buildMessage<T>(
  serde: AvroSerde,
  source: string,
  topic: TopicContract<unknown>,
  contract: RecordContract<T>,
  draft: Draft<T>,
  options: PublishOptions,
  cause: Causation | undefined,
): OutgoingMessage {
  const envelope = createEnvelope(source, options.key, options, cause);
  const value = serde.encode(topic, contract, withEnvelope<T>(envelope, draft));
  const headers: KafkaHeaders = {
    ...options.headers,
    [RECORD_HEADER]: contract.fullName,
    [MESSAGE_ID_HEADER]: envelope.messageId,
  };
  injectTraceContext(headers);
  return {
    messageId: envelope.messageId,
    topic: topic.name,
    key: options.key,
    value,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, String(v)])),
    recordName: contract.fullName,
  };
}

/** What the publisher and the outbox writer both start from. */
export interface MessageSource {
  readonly serde: AvroSerde;
  /** The service name, for the envelope's `source`. */
  readonly source: string;
}

/**
 * Builds a message inside a PRODUCER span (so the trace context in its headers is that span's)
 * and hands it to `deliver`: the Kafka producer, or the outbox table.
 */
export function sendTraced<T, R>(
  from: MessageSource,
  topic: TopicContract<unknown>,
  contract: RecordContract<T>,
  draft: Draft<T>,
  options: PublishOptions,
  cause: Causation | undefined,
  deliver: (message: OutgoingMessage) => Promise<R>,
): Promise<R> {
  const attributes = { topic: topic.name, key: options.key, recordName: contract.fullName };
  return inMessagingSpan('send', attributes, context.active(), async (span) => {
    const message = buildMessage(from.serde, from.source, topic, contract, draft, options, cause);
    span.setAttribute('messaging.message.id', message.messageId);
    return deliver(message);
  });
}
