/**
 * Errors carry a `code` and a `retriable` flag; the consumer runtime decides retry versus dead
 * letter from `retriable` alone, never from message text.
 */
export class MessagingError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(code: string, message: string, options: { retriable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable;
  }
}

/** A handler's failure that a later attempt may not repeat (a lock, a timeout, a peer down). */
export class RetriableError extends MessagingError {
  constructor(message: string, cause?: unknown) {
    super('RETRIABLE', message, { retriable: true, cause });
  }
}

/** A failure no retry can fix (invalid data, a broken invariant): straight to the dead letter topic. */
export class NonRetriableError extends MessagingError {
  constructor(message: string, cause?: unknown) {
    super('NON_RETRIABLE', message, { retriable: false, cause });
  }
}

/**
 * A message that cannot be read: wrong wire format, unknown schema id, a body that does not match
 * its schema, no envelope. (A well-formed record without a handler is skipped, not an error.)
 */
export class UndecodableMessageError extends MessagingError {
  constructor(message: string, cause?: unknown) {
    super('UNDECODABLE', message, { retriable: false, cause });
  }
}

/**
 * Infrastructure the runtime needs is down (schema registry, database): not the message's fault.
 * The consumer does not commit and reads the same message again after a pause, instead of
 * spending the message's retries or dead-lettering it.
 */
export class InfrastructureUnavailableError extends MessagingError {
  constructor(message: string, cause?: unknown) {
    super('INFRASTRUCTURE_UNAVAILABLE', message, { retriable: true, cause });
  }
}

/** A producer's schema is not in the registry (under the subject it would publish to). */
export class SchemaNotRegisteredError extends MessagingError {
  constructor(subject: string, cause?: unknown) {
    super(
      'SCHEMA_NOT_REGISTERED',
      `schema for subject ${subject} is not registered in the schema registry (run 'npm run schemas -- register')`,
      { retriable: false, cause },
    );
  }
}

/**
 * Whether a failure may succeed on a later attempt. Typed errors say so themselves; anything
 * else (a driver error, a bug) counts as retriable so that a transient fault never dead-letters
 * a good message on its first try; bounded retries still end in the DLQ.
 */
export function isRetriable(error: unknown): boolean {
  return error instanceof MessagingError ? error.retriable : true;
}

/** The error at the end of `error`'s `cause` chain (the error itself when it has none). */
export function rootCause(error: Error): Error {
  let current = error;
  for (let depth = 0; depth < 10 && current.cause instanceof Error; depth += 1)
    current = current.cause;
  return current;
}

/**
 * kafkajs errors that kafkajs itself does not retry but that a broker still settling answers: the
 * group coordinator is not found while `__consumer_offsets` is being created on a fresh broker.
 */
const SETTLING_KAFKA_ERRORS = new Set(['KafkaJSGroupCoordinatorNotFound']);

/**
 * A Kafka error that may not happen again (a broker still settling after its start answers "does
 * not host this topic-partition" or "coordinator is loading"; a leader moving; a broker not
 * listening yet). kafkajs' own rule, the one its consumer restarts on: retries exhausted
 * (`KafkaJSNumberOfRetriesExceeded`), or the original cause marked retriable; besides that, the
 * settling errors above. Start-up steps try again on it; wrong credentials
 * (`KafkaJSSASLAuthenticationError`) or a refused authorization are not.
 */
export function isTransientKafkaError(error: unknown): boolean {
  // kafkajs' error classes are not ESM named exports: recognised by name and flag.
  if (!(error instanceof Error) || !error.name.startsWith('KafkaJS')) return false;
  if (error.name === 'KafkaJSNumberOfRetriesExceeded' || SETTLING_KAFKA_ERRORS.has(error.name))
    return true;
  return (rootCause(error) as { retriable?: unknown }).retriable === true;
}
