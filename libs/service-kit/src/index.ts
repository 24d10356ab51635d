export {
  ConfigError,
  envBrokers,
  envHttpUrl,
  envKafkaGroup,
  envLogLevel,
  envOneOf,
  envOptional,
  envPort,
  envPostgresUrl,
  envRetentionDays,
  envSecret,
  envTimeZone,
  envVariable,
  envWholeNumber,
  LOG_LEVELS,
  parseEnv,
  type EnvSpec,
  type EnvValues,
  type EnvVariable,
  type LogLevel,
} from './config/env.js';
export {
  envBindAddress,
  loadConfig,
  parseServiceConfig,
  serviceVariables,
  type ServiceConfig,
  type ServiceDefaults,
  type ServiceVariables,
} from './config/service-config.js';
export {
  kafkaSecurity,
  kafkaVariables,
  SASL_MECHANISMS,
  type KafkaConnectionConfig,
  type SaslMechanism,
} from './config/kafka-connection.js';
export { ConfigModule, SERVICE_CONFIG } from './config/config.module.js';
export {
  DatabaseModule,
  type DatabaseOptions,
  type EntityClass,
  type MigrationClass,
} from './database/database.module.js';
export { DatabaseConnector } from './database/database-connector.service.js';
export { ScheduledPurge, type ScheduledPurgeOptions } from './database/scheduled-purge.js';
export { HealthModule } from './health/health.module.js';
export {
  ApiLimitQuery,
  isUuid,
  PAGE_LIMIT,
  QueryParams,
  requireUuid,
  type IntegerRange,
} from './http/query-params.js';
export { HEALTH_OPTIONS, type HealthOptions } from './health/health.options.js';
export { MetricsModule } from './metrics/metrics.module.js';
export {
  INVALID_REQUEST,
  InvalidRequestException,
  PROBLEM_JSON,
  ProblemException,
  statusTitle,
  toProblem,
  type ErrorMapping,
  type FieldError,
  type ProblemDetails,
  type ProblemInit,
} from './problem/problem-details.js';
export {
  ApiProblemResponse,
  FieldErrorDto,
  ProblemDetailsDto,
} from './problem/problem-details.dto.js';
export { ProblemDetailsFilter } from './problem/problem-details.filter.js';
export {
  ProblemDetailsModule,
  type ProblemDetailsOptions,
} from './problem/problem-details.module.js';
export {
  ServiceKitModule,
  type ServiceAppOptions,
  type ServiceKitOptions,
} from './service-kit.module.js';
export {
  bootstrapService,
  type BootstrapOptions,
  type ServiceRuntime,
} from './bootstrap/bootstrap-service.js';
export {
  allRecords,
  ServiceMessagingHost,
  ServiceMessagingModule,
  type MessagingExtension,
  type ServiceMessagingOptions,
} from './messaging/service-messaging.js';
export {
  CSV,
  isCsv,
  pathKeyErrors,
  readImport,
  readPut,
  rowError,
  rowsRefused,
  type ImportRow,
  type ImportSpec,
  type RowResult,
} from './import/bulk-import.js';
export { RowsRefusedError, type RowRefusal } from './import/rows-refused.error.js';
export { ApiImport, type ApiImportOptions } from './import/api-import.decorator.js';
export {
  AnswersWritten,
  ApiReferenceImport,
  ApiReferenceWrite,
  importCounts,
  ImportedRows,
  putRow,
  writeRows,
  type ImportCounts,
  type ReferenceImportOptions,
  type ReferenceRows,
  type ReferenceWriteOptions,
  type RowsToWrite,
  type WriteRefusal,
  type Written,
} from './http/reference-data.js';
export {
  OPENAPI_JSON_PATH,
  OPENAPI_PATH,
  serveOpenApi,
  type SecurityScheme,
} from './openapi/openapi.js';
export { MERIDIAN_ROLES, PHI_READER, type Role } from './auth/roles.js';
export {
  Authorize,
  AuthenticatedBy,
  OIDC_SCHEME,
  PHI_EXTENSION,
  Public,
  ROLES_EXTENSION,
  type AuthorizeOptions,
} from './auth/authorize.js';
export {
  actorFieldRefused,
  actorOf,
  Audit,
  CurrentCaller,
  FORBIDDEN_PROBLEM,
  requireRole,
  UNAUTHORIZED_PROBLEM,
  type AuditNote,
  type Caller,
  type CallRequest,
} from './auth/call.js';
export { IDENTITY_PROVIDER_UNAVAILABLE } from './auth/auth.guard.js';
export { AUDIT_PRODUCTION } from './auth/audit-trail.js';
export {
  checkWebhookSignature,
  SIGNATURE_HEADER,
  signWebhook,
  type SignatureCheck,
} from './auth/webhook-signature.js';
