import { randomUUID } from 'node:crypto';

/** The envelope every message record starts with (schemas/common/Envelope.avsc). */
export interface MessageEnvelope {
  messageId: string;
  occurredAt: Date;
  correlationId: string;
  causationId: string | null;
  source: string;
}

/** A record as a publisher writes it: everything but the envelope, which the runtime fills in. */
export type Draft<T> = T extends { envelope: unknown } ? Omit<T, 'envelope'> : T;

export interface EnvelopeOptions {
  /**
   * The message's id when the publisher chose it beforehand, to store it with the state the
   * message is about in the same transaction as the send; default: a new UUID.
   */
  readonly messageId?: string;
  /** The saga id or business key that ties a flow together; defaults to the message being handled's, else the key. */
  readonly correlationId?: string;
  /** The id of the message that caused this one; defaults to the message being handled. */
  readonly causationId?: string | null;
}

/** What the envelope inherits from the message being handled when a handler publishes. */
export interface Causation {
  readonly messageId: string;
  readonly correlationId: string;
}

export function createEnvelope(
  source: string,
  key: string,
  options: EnvelopeOptions,
  cause: Causation | undefined,
  now: () => Date = () => new Date(),
): MessageEnvelope {
  return {
    messageId: options.messageId ?? randomUUID(),
    occurredAt: now(),
    correlationId: options.correlationId ?? cause?.correlationId ?? key,
    causationId:
      options.causationId !== undefined ? options.causationId : (cause?.messageId ?? null),
    source,
  };
}

/** The record with its envelope in front, as the Avro schemas order it. */
export function withEnvelope<T>(envelope: MessageEnvelope, draft: Draft<T>): T {
  return { envelope, ...(draft as object) } as T;
}
