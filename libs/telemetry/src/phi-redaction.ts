import type { Attributes } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace';
import { scrubMessage, scrubStack } from './error-serializer.js';

/**
 * HTTP headers that may become span attributes (`http.request.header.*`,
 * `http.response.header.*`). Any other header (cookies, authorization, forwarded client
 * details, custom ones a sender fills with patient data) is never recorded.
 */
export const SAFE_HEADERS: readonly string[] = ['content-type', 'content-length'];

/** Attributes holding a URL or request target, whose query string and fragment are dropped. */
const URL_ATTRIBUTES = ['url.full', 'http.url', 'http.target'] as const;
/** Attributes holding only a query string: dropped whole. */
const QUERY_ATTRIBUTES = ['url.query'] as const;
/**
 * Attributes of an exception (`span.recordException`, an instrumentation's error event): a
 * driver's message can carry values (`invalid input syntax for type integer: "DOE"`), scrubbed
 * as in logs (`scrubMessage`, `scrubStack`).
 */
const EXCEPTION_ATTRIBUTES = {
  'exception.message': scrubMessage,
  'exception.stacktrace': scrubStack,
} as const;

/** `url` without its query string and fragment (`/encounters?mrn=123` → `/encounters`). */
export function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * The attributes with every query string removed and exception texts scrubbed, or the same
 * object when there was nothing to change. Query strings carry search terms (`?mrn=`, `?name=`):
 * PHI, whatever the parameter is called, so none is recorded rather than a list of names to redact.
 */
export function redactAttributes(attributes: Attributes): Attributes {
  const changes: Attributes = {};
  for (const key of URL_ATTRIBUTES) {
    const value = attributes[key];
    if (typeof value === 'string' && withoutQuery(value) !== value)
      changes[key] = withoutQuery(value);
  }
  for (const [key, scrub] of Object.entries(EXCEPTION_ATTRIBUTES)) {
    const value = attributes[key];
    if (typeof value === 'string' && scrub(value) !== value) changes[key] = scrub(value);
  }
  const queries = QUERY_ATTRIBUTES.filter((key) => key in attributes);
  if (Object.keys(changes).length === 0 && queries.length === 0) return attributes;
  const redacted: Attributes = { ...attributes, ...changes };
  for (const key of queries) delete redacted[key];
  return redacted;
}

/**
 * Exports through `inner` every span with its query strings removed and its exception texts
 * scrubbed (see `redactAttributes`; the status message, an error's message, too).
 * Here rather than in each instrumentation's hooks because the instrumentations disagree on
 * where a URL goes (the http one writes `url.query`, the NestJS one the whole `url.full`): one
 * rule at the exit covers every span, present and future.
 */
export class RedactingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans.map(redactSpan), resultCallback);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

function redactEvent(event: TimedEvent): TimedEvent {
  const attributes = event.attributes && redactAttributes(event.attributes);
  return attributes === event.attributes ? event : { ...event, attributes };
}

function redactSpan(span: ReadableSpan): ReadableSpan {
  const attributes = redactAttributes(span.attributes);
  const events = span.events.map(redactEvent);
  const message = span.status.message && scrubMessage(span.status.message);
  if (
    attributes === span.attributes &&
    events.every((event, i) => event === span.events[i]) &&
    message === span.status.message
  )
    return span;
  // The span itself stays as the SDK made it; the exporter sees it with other fields.
  return Object.create(span, {
    attributes: { value: attributes, enumerable: true },
    events: { value: events, enumerable: true },
    status: { value: { ...span.status, message }, enumerable: true },
  }) as ReadableSpan;
}
