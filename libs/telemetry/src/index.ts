export {
  runningTelemetry,
  startTelemetry,
  type TelemetryHandle,
  type TelemetryOptions,
} from './telemetry.sdk.js';
export { createLogger, type Logger, type LoggerOptions } from './logger.factory.js';
export { PinoNestLogger } from './pino-nest.logger.js';
export { TELEMETRY, TelemetryModule } from './telemetry.module.js';
export { extractTraceContext, injectTraceContext, type KafkaHeaders } from './kafka-trace.js';
