import type { Attributes } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

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

/** `url` without its query string and fragment (`/encounters?mrn=123` → `/encounters`). */
export function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * The attributes with every query string removed, or the same object when there was none.
 * Query strings carry search terms (`?mrn=`, `?name=`): PHI, whatever the parameter is called,
 * so none is recorded rather than a list of names to redact.
 */
export function redactAttributes(attributes: Attributes): Attributes {
  const urls = URL_ATTRIBUTES.filter((key) => {
    const value = attributes[key];
    return typeof value === 'string' && withoutQuery(value) !== value;
  });
  const queries = QUERY_ATTRIBUTES.filter((key) => key in attributes);
  if (urls.length === 0 && queries.length === 0) return attributes;
  const redacted: Attributes = { ...attributes };
  for (const key of urls) redacted[key] = withoutQuery(String(attributes[key]));
  for (const key of queries) delete redacted[key];
  return redacted;
}

/**
 * Exports through `inner` every span with its query strings removed (see `redactAttributes`).
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

function redactSpan(span: ReadableSpan): ReadableSpan {
  const attributes = redactAttributes(span.attributes);
  if (attributes === span.attributes) return span;
  // The span itself stays as the SDK made it; the exporter sees it with other attributes.
  return Object.create(span, {
    attributes: { value: attributes, enumerable: true },
  }) as ReadableSpan;
}
