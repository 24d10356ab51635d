import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';

const tracer = trace.getTracer('@meridian/messaging');

/**
 * `messaging.operation.type` and `.name` of OpenTelemetry's messaging conventions (semconv 1.45):
 * `send` (which replaced the deprecated `publish`) and `process`.
 */
export type MessagingOperation = 'send' | 'process';

/**
 * Runs `work` inside a span following OpenTelemetry's messaging conventions: `send <topic>`, a
 * PRODUCER span whose context goes into the message headers, or `process <topic>`, a CONSUMER
 * span that is the child of it (so a saga is one trace across services).
 *
 * The message key is recorded as `messaging.kafka.message.key`: Meridian keys are business ids
 * (encounter, saga, journal, supplier ids, device serials), never a patient identifier; a topic
 * keyed by one must not be published through here with its key. A failure records its class
 * (`error.type`) and the error as an exception event (messages carry no PHI by rule).
 */
export async function inMessagingSpan<T>(
  operation: MessagingOperation,
  attributes: {
    topic: string;
    key?: string | null;
    messageId?: string;
    recordName?: string;
    group?: string;
  },
  parent: Context,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(
    `${operation} ${attributes.topic}`,
    {
      kind: operation === 'send' ? SpanKind.PRODUCER : SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': operation,
        'messaging.operation.name': operation,
        'messaging.destination.name': attributes.topic,
        ...(attributes.key ? { 'messaging.kafka.message.key': attributes.key } : {}),
        ...(attributes.messageId ? { 'messaging.message.id': attributes.messageId } : {}),
        ...(attributes.recordName ? { 'meridian.record': attributes.recordName } : {}),
        ...(attributes.group ? { 'messaging.consumer.group.name': attributes.group } : {}),
      },
    },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.setAttribute('error.type', error instanceof Error ? error.name : typeof error);
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
