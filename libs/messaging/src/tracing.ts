import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
} from '@opentelemetry/api';

const tracer = trace.getTracer('@meridian/messaging');

export type MessagingOperation = 'send' | 'process';

/**
 * Runs `work` inside a span following OpenTelemetry's messaging conventions: a PRODUCER span
 * whose context goes into the message headers, or a CONSUMER span that is the child of it.
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
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}
