export {
  ConsumerRuntime,
  type MessageContext,
  type MessageHandler,
} from './consumer/consumer-runtime.js';
export {
  DEFAULT_JOIN_GRACE_MS,
  DEFAULT_RESTART_POLICY,
  type ConsumerHealth,
  type ConsumerPhase,
  type RestartPolicy,
} from './consumer/consumer-health.js';
export { CONSUMER_BATCH_MAX_LIMIT, DEFAULT_CONSUMER_BATCH_MAX } from './consumer/consumer-batch.js';
export { FAILURE_HEADERS } from './consumer/failure-headers.js';
export { ProcessedMessage } from './consumer/processed-message.entity.js';
export {
  DEFAULT_RETRY_POLICY,
  deadLetterTopic,
  retryDelayMs,
  retryTopic,
  totalRetryDelayMs,
  type RetryPolicy,
} from './consumer/retry-policy.js';
export type { Draft, MessageEnvelope } from './envelope.js';
export {
  InfrastructureUnavailableError,
  isTransientKafkaError,
  MessagingError,
  NonRetriableError,
  RetriableError,
  SchemaNotRegisteredError,
  UndecodableMessageError,
} from './errors.js';
export {
  createMessaging,
  type ConsumerOptions,
  type KafkaSecurity,
  type Messaging,
  type MessagingOptions,
  type OutboxOptions,
  type Production,
} from './messaging.factory.js';
export {
  MESSAGING_ENTITIES,
  MESSAGING_MIGRATIONS,
  MessagingRetention1797400000000,
  MessagingTables1795300000000,
} from './migrations.js';
export { OutboxMessage } from './outbox/outbox-message.entity.js';
export {
  OUTBOX_BATCH_SIZE,
  OUTBOX_FALLBACK_POLL_MS,
  type OutboxRelay,
} from './outbox/outbox.relay.js';
export type { OutboxPublish, OutboxWriter } from './outbox/outbox.writer.js';
export { outboxItem, type OutboxItem } from './outbox/outbox.writer.js';
export type {
  MessagePublisher,
  Published,
  PublishItem,
  PublishOutcome,
} from './producer/message-publisher.js';
export { purgeProcessedMessages, purgeSentOutbox } from './retention.js';
export {
  MESSAGE_ID_HEADER,
  RECORD_HEADER,
  type PublishOptions,
} from './producer/outgoing-message.js';
export {
  DEFAULT_START_BACKOFF,
  retryAtStart,
  START_RETRY_TIMEOUT_MS,
  startRetryDelay,
  StartTimedOutError,
  type StartBackoff,
  type StartLogger,
  type StartRetry,
  type StartRetryOptions,
} from './start/retry-at-start.js';
export { classifyStartFailure, type StartFailure } from './start/start-failure.js';
export {
  provisionTopics,
  type ProvisionResult,
  type TopicSpec,
} from './topics/provision-topics.js';
export { MESSAGING, MessagingModule } from './nest/messaging.module.js';
export { MeridianKafkaTransport } from './nest/meridian-kafka.transport.js';
export { OnMessage } from './nest/on-message.decorator.js';
export { FETCH_MAX_WAIT_MS } from './consumer/supervised-consumer.js';
