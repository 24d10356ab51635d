// A trace as a waterfall: each span's depth under its parents, and where its bar starts and how
// wide it is, as percentages of the whole trace. Pure (unit tested in node).
import type { TraceSpan } from './api.js';

/** The narrowest bar, in percent of the trace: a span of a few microseconds stays visible. */
const MIN_BAR_PERCENT = 0.3;

export interface WaterfallRow {
  readonly span: TraceSpan;
  /** 0 for a root (or a span whose parent is not in the trace), its parent's depth + 1 else. */
  readonly depth: number;
  /** From the trace's first start to the span's start. */
  readonly offsetMs: number;
  readonly leftPercent: number;
  readonly widthPercent: number;
}

export interface Waterfall {
  readonly rows: readonly WaterfallRow[];
  /** From the first start to the last end. */
  readonly totalMs: number;
  readonly startTime: string | null;
}

/** The waterfall of `spans` as the API orders them (parents before their children). */
export function waterfall(spans: readonly TraceSpan[]): Waterfall {
  const starts = spans.map((s) => Date.parse(s.startTime));
  const first = Math.min(...starts);
  const last = Math.max(...spans.map((s, i) => (starts[i] ?? first) + s.durationMs));
  const totalMs = spans.length === 0 ? 0 : last - first;
  const depths = new Map<string, number>();
  const rows = spans.map((span, i): WaterfallRow => {
    const parentDepth = span.parentSpanId === null ? undefined : depths.get(span.parentSpanId);
    const depth = parentDepth === undefined ? 0 : parentDepth + 1;
    depths.set(span.spanId, depth);
    const offsetMs = (starts[i] ?? first) - first;
    const share = (ms: number): number => (totalMs > 0 ? (ms / totalMs) * 100 : 0);
    const widthPercent = Math.min(Math.max(share(span.durationMs), MIN_BAR_PERCENT), 100);
    // A bar too narrow to see at the very end is drawn ending there.
    const leftPercent = Math.min(share(offsetMs), 100 - widthPercent);
    return { span, depth, offsetMs, leftPercent, widthPercent };
  });
  const startTime = spans.length === 0 ? null : new Date(first).toISOString();
  return { rows, totalMs, startTime };
}

/** Which rows of a waterfall are shown. */
export interface SpanFilter {
  /** Only this service's spans; '' = every service. */
  readonly service: string;
  /** false: database spans (queries, pool connects) left out, the messaging and saga flow kept. */
  readonly databaseSpans: boolean;
}

/** A span of a database client: it has the database system among its attributes. */
export function isDatabaseSpan(span: TraceSpan): boolean {
  return 'db.system.name' in span.attributes || 'db.system' in span.attributes;
}

/** The rows `filter` shows (their depth and bar stay those of the whole trace). */
export function shownRows(rows: readonly WaterfallRow[], filter: SpanFilter): WaterfallRow[] {
  return rows.filter(
    ({ span }) =>
      (filter.service === '' || span.service === filter.service) &&
      (filter.databaseSpans || !isDatabaseSpan(span)),
  );
}
