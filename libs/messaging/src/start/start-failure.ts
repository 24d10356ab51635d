/**
 * Whether a failure of a start-up step (connecting to Kafka, the schema registry or PostgreSQL,
 * applying migrations, provisioning topics, joining a consumer group) may succeed when the step
 * runs again, and what to call it in a log line: its error class and code, never its message
 * (which may quote data). Pure: no I/O.
 */
import { isTransientKafkaError, MessagingError, rootCause } from '../errors.js';

export interface StartFailure {
  /** Another attempt may succeed: a peer still starting, unreachable for now, or overloaded. */
  readonly retriable: boolean;
  /** The error's class (of its original cause for a Kafka error): `KafkaJSConnectionError`. */
  readonly type: string;
  /** Its code: a SQLSTATE, a system error code, a Kafka error type, a MessagingError code. */
  readonly code?: string;
}

/** Socket-level failures: nobody listens yet, the peer went away, the network has no route. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  // A peer's DNS name that does not resolve yet (a container or a Kubernetes service starting).
  'ENOTFOUND',
]);

/**
 * SQLSTATEs of a database that is starting, stopping, overloaded or briefly in conflict. Wrong
 * credentials (28P01, 28000), a missing database (3D000) or a failing migration's SQL error are
 * not among them: those fail at once.
 */
function retriableSqlState(code: string): boolean {
  return (
    code.startsWith('08') || // connection exception
    code.startsWith('53') || // insufficient resources (too many connections)
    code === '57P01' || // admin shutdown
    code === '57P02' || // crash shutdown
    code === '57P03' || // cannot connect now: the database system is starting up
    code === '40001' || // serialization failure
    code === '40P01' || // deadlock detected
    code === '55P03' // lock not available
  );
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * node-postgres' and pg-pool's connection failures, which carry no code: the server closed the
 * connection while starting or stopping, or did not answer within the connect timeout.
 */
const PG_CONNECTION_MESSAGES: Readonly<Record<string, string>> = {
  'Connection terminated unexpectedly': 'CONNECTION_TERMINATED',
  'Connection terminated due to connection timeout': 'CONNECT_TIMEOUT',
  'timeout expired': 'CONNECT_TIMEOUT',
  'timeout exceeded when trying to connect': 'CONNECT_TIMEOUT',
};

/** The error, its `cause` chain, TypeORM's `driverError` and an AggregateError's errors. */
function* related(error: Error, depth = 0): Generator<Error> {
  yield error;
  if (depth >= 5) return;
  const { cause, driverError } = error as { cause?: unknown; driverError?: unknown };
  for (const next of [cause, driverError])
    if (next instanceof Error) yield* related(next, depth + 1);
  if (error instanceof AggregateError)
    for (const inner of error.errors as unknown[])
      if (inner instanceof Error) yield* related(inner, depth + 1);
}

function codeOf(error: Error): string | undefined {
  const { code } = error as { code?: unknown };
  return typeof code === 'string' ? code : undefined;
}

/** A database or network failure found in the error's chain, if any. */
function connectionFailure(error: Error): StartFailure | undefined {
  for (const candidate of related(error)) {
    const code = codeOf(candidate);
    if (code !== undefined && NETWORK_CODES.has(code))
      return { retriable: true, type: candidate.name, code };
    if (code !== undefined && SQLSTATE.test(code) && retriableSqlState(code))
      return { retriable: true, type: candidate.name, code };
    const pgCode = PG_CONNECTION_MESSAGES[candidate.message];
    if (pgCode !== undefined) return { retriable: true, type: candidate.name, code: pgCode };
  }
  return undefined;
}

/**
 * Retriable: a MessagingError that says so (the registry unreachable or answering 5xx is an
 * `InfrastructureUnavailableError`; a schema missing from it is not), a transient Kafka error
 * (`isTransientKafkaError`), a socket-level failure (connection refused, reset, timed out, no
 * route, a name not resolving yet), PostgreSQL starting up, shutting down or out of connections
 * (57P03, 57P01, 57P02, class 08 and 53) and node-postgres' connect timeouts. Anything else (wrong
 * credentials, a missing database, a failing migration, a bug) is not: the start fails at once.
 */
export function classifyStartFailure(error: unknown): StartFailure {
  if (!(error instanceof Error)) return { retriable: false, type: typeof error };
  if (error instanceof MessagingError)
    return { retriable: error.retriable, type: error.name, code: error.code };
  if (error.name.startsWith('KafkaJS')) {
    const root = rootCause(error);
    const { type } = root as { type?: unknown };
    const code = typeof type === 'string' ? type : codeOf(root);
    return {
      retriable: isTransientKafkaError(error),
      type: root.name,
      ...(code === undefined ? {} : { code }),
    };
  }
  const connection = connectionFailure(error);
  if (connection) return connection;
  const code = codeOf(error);
  return { retriable: false, type: error.name, ...(code === undefined ? {} : { code }) };
}
