export {
  runningTelemetry,
  startTelemetry,
  type TelemetryHandle,
  type TelemetryOptions,
} from './telemetry.sdk.js';
export { createLogger, type Logger, type LoggerOptions } from './logger.factory.js';
export { REDACTED_FIELDS, redactFields } from './redact-fields.js';
export {
  REDACTED,
  scrubMessage,
  scrubStack,
  serializeError,
  type SerializedError,
} from './error-serializer.js';
export { PinoNestLogger } from './pino-nest.logger.js';
export { TELEMETRY, TelemetryModule } from './telemetry.module.js';
export { extractTraceContext, injectTraceContext, type KafkaHeaders } from './kafka-trace.js';
export { boundShutdown, stopWithParent } from './lifecycle.js';
