// A trace as the dashboard shows it, from Jaeger's query API (`GET /api/traces/<id>`): pure
// functions, no I/O (traces.service.ts asks Jaeger).

/** Jaeger's `/api/traces/<id>` answer, the parts read here. */
export interface JaegerTag {
  readonly key: string;
  readonly type?: string;
  readonly value: unknown;
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references?: readonly { readonly refType: string; readonly spanID: string }[] | null;
  /** Microseconds since the epoch. */
  readonly startTime: number;
  /** Microseconds. */
  readonly duration: number;
  readonly tags?: readonly JaegerTag[] | null;
  readonly processID: string;
}

export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<Record<string, { readonly serviceName: string }>>;
}

export interface JaegerTracesAnswer {
  readonly data: readonly JaegerTrace[] | null;
}

/** OpenTelemetry's span kinds (Jaeger's `span.kind` tag; none = internal). */
export type SpanKind = 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';

export type SpanStatus = 'OK' | 'ERROR';

export type AttributeValue = string | number | boolean;

export interface TraceSpan {
  readonly spanId: string;
  /** The span it is a child of; null for a root. May name a span Jaeger does not have (yet). */
  readonly parentSpanId: string | null;
  readonly service: string;
  readonly name: string;
  readonly kind: SpanKind;
  /** ISO 8601, millisecond precision. */
  readonly startTime: string;
  /** Fractional: Jaeger keeps microseconds. */
  readonly durationMs: number;
  readonly status: SpanStatus;
  /** The attributes that say what the span did (see `SHOWN_ATTRIBUTES`); none of the others. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

export interface TraceView {
  readonly traceId: string;
  /** Parents before their children, siblings by start time (a waterfall's rows, in order). */
  readonly spans: readonly TraceSpan[];
  /** The services with spans in the trace, by their first span's start. */
  readonly services: readonly string[];
}

/** A W3C trace id: 32 lowercase hex digits, not all zero. */
export function isTraceId(value: string): boolean {
  return /^[0-9a-f]{32}$/.test(value) && !/^0+$/.test(value);
}

/**
 * The attributes shown: what a span did (destination, operation, database, HTTP route and status,
 * the error's class, the saga and step), never identifiers of a patient. Both the current and the
 * older OpenTelemetry names of the database attributes.
 */
const SHOWN_ATTRIBUTES = new Set([
  'messaging.destination.name',
  'messaging.operation.type',
  'db.system',
  'db.system.name',
  'db.operation.name',
  'db.statement',
  'db.query.text',
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'error.type',
]);
const SHOWN_PREFIX = 'meridian.saga.';
/** Queries are cut to this many characters (the instrumentation records them without values). */
const STATEMENT_ATTRIBUTES = new Set(['db.statement', 'db.query.text']);
export const STATEMENT_MAX_LENGTH = 200;

const KINDS: Readonly<Record<string, SpanKind>> = {
  server: 'SERVER',
  client: 'CLIENT',
  producer: 'PRODUCER',
  consumer: 'CONSUMER',
  internal: 'INTERNAL',
};

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function attributesOf(tags: readonly JaegerTag[]): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const { key, value } of tags) {
    if (!SHOWN_ATTRIBUTES.has(key) && !key.startsWith(SHOWN_PREFIX)) continue;
    if (typeof value === 'string')
      attributes[key] = STATEMENT_ATTRIBUTES.has(key)
        ? truncate(value, STATEMENT_MAX_LENGTH)
        : value;
    else if (typeof value === 'number' || typeof value === 'boolean') attributes[key] = value;
  }
  return attributes;
}

function spanOf(trace: JaegerTrace, span: JaegerSpan): TraceSpan {
  const tags = span.tags ?? [];
  const tag = (key: string): unknown => tags.find((t) => t.key === key)?.value;
  const references = span.references ?? [];
  const parent = references.find((r) => r.refType === 'CHILD_OF') ?? references[0];
  const failed = tag('otel.status_code') === 'ERROR' || tag('error') === true;
  return {
    spanId: span.spanID,
    parentSpanId: parent?.spanID ?? null,
    service: trace.processes[span.processID]?.serviceName ?? 'unknown',
    name: span.operationName,
    kind: KINDS[String(tag('span.kind'))] ?? 'INTERNAL',
    startTime: new Date(Math.floor(span.startTime / 1_000)).toISOString(),
    durationMs: span.duration / 1_000,
    status: failed ? 'ERROR' : 'OK',
    attributes: attributesOf(tags),
  };
}

/**
 * The trace `traceId` of Jaeger's answer, or null when it has none. Spans are ordered parent
 * first, siblings by start; a span whose parent is not in the trace (not exported yet, or from a
 * process that does not export) is a root.
 */
export function traceView(traceId: string, answer: JaegerTracesAnswer): TraceView | null {
  const trace = (answer.data ?? []).find((t) => t.traceID.padStart(32, '0') === traceId);
  if (!trace || trace.spans.length === 0) return null;
  const byStart = [...trace.spans].sort(
    (a, b) => a.startTime - b.startTime || a.spanID.localeCompare(b.spanID),
  );
  const spans = byStart.map((s) => spanOf(trace, s));
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, TraceSpan[]>();
  for (const span of spans) {
    const parent =
      span.parentSpanId !== null && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  const ordered: TraceSpan[] = [];
  const placed = new Set<string>();
  const place = (span: TraceSpan): void => {
    if (placed.has(span.spanId)) return;
    placed.add(span.spanId);
    ordered.push(span);
    for (const child of children.get(span.spanId) ?? []) place(child);
  };
  for (const root of children.get(null) ?? []) place(root);
  // Spans whose references go round in a circle reach no root: shown after the rest, not lost.
  for (const span of spans) place(span);
  return {
    traceId,
    spans: ordered,
    services: [...new Set(spans.map((s) => s.service))],
  };
}
