import { isSpanContextValid, trace } from '@opentelemetry/api';
import { pino } from 'pino';
import type { DestinationStream, Logger, LoggerOptions as PinoOptions } from 'pino';
import { scrubMessage, scrubStack, serializeError } from './error-serializer.js';
import { redactFields } from './redact-fields.js';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Namespace of the component that logs, e.g. `encounter-ingest` or `encounter-ingest.mllp`. */
  readonly name: string;
  /** Defaults to `LOG_LEVEL`, else `info`. */
  readonly level?: string;
  /** Defaults to stdout. */
  readonly destination?: DestinationStream;
}

/** pino's number of the `warn` level: the text of lines from there up is scrubbed. */
const WARN = 40;

/** Fields whose value is an error (or an error's message) wherever a line logs one. */
const ERROR_FIELDS = ['err', 'error', 'cause', 'fault', 'reason'];

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
 * business keys (encounter id, message control id) and let the trace lead to the rest. What slips
 * through anyway is caught here: errors logged under `err` (and `error`, `cause`, `fault`,
 * `reason`) go through `serializeError` (type, scrubbed message and stack, codes; no query
 * parameters nor driver details), a `stack` string is scrubbed (`scrubStack`), the text of
 * `warn`, `error` and `fatal` lines is scrubbed (`scrubMessage`: it often quotes an error's
 * message), `logger.error(err)` without a message gets the scrubbed one, and the
 * `REDACTED_FIELDS` fields read `[Redacted]` at any depth (`redactFields`).
 */
export function createLogger(options: LoggerOptions): Logger {
  const level = options.level ?? (process.env['LOG_LEVEL'] || 'info');
  const settings: PinoOptions = {
    name: options.name,
    level,
    mixin: traceContext,
    serializers: {
      ...Object.fromEntries(ERROR_FIELDS.map((field) => [field, serializeError])),
      // A stack logged as text (kafkajs' log entries, Nest's): its header is an error's message.
      stack: (stack: unknown) => (typeof stack === 'string' ? scrubStack(stack) : stack),
    },
    // Instead of pino's `redact` paths, which reach one level below the top at most.
    formatters: { log: redactFields },
    hooks: {
      logMethod(args, method, level) {
        const [first, second] = args;
        // pino would take the message of `logger.error(err)` from the error as it is.
        if (first instanceof Error && typeof second !== 'string')
          return method.call(this, first, scrubMessage(first.message));
        if (level < WARN) return method.apply(this, args);
        // A warning's or error's text often quotes an error's message (`not refreshed: ${...}`).
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubMessage(arg) : arg));
        return method.apply(this, scrubbed as typeof args);
      },
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
