import { isSpanContextValid, trace } from '@opentelemetry/api';
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Namespace of the component that logs, e.g. `encounter-ingest` or `encounter-ingest.mllp`. */
  readonly name: string;
  /** Defaults to `LOG_LEVEL`, else `info`. */
  readonly level?: string;
  /** Defaults to stdout. */
  readonly destination?: DestinationStream;
}

/** `trace_id` and `span_id` of the active OpenTelemetry span, so a log line links to its trace. */
function traceContext(): Record<string, string> {
  const context = trace.getActiveSpan()?.spanContext();
  if (!context || !isSpanContextValid(context)) return {};
  return { trace_id: context.traceId, span_id: context.spanId };
}

/**
 * A JSON logger for operators. Every line carries the active span's `trace_id` and `span_id`.
 *
 * Never log PHI: no patient names, dates of birth, addresses or raw HL7/FHIR payloads. Log
 * business keys (encounter id, message control id) and let the trace lead to the rest.
 */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? (process.env['LOG_LEVEL'] || 'info');
  const settings = { name: options.name, level, mixin: traceContext };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
