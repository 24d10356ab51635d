/** What a value removed for PHI reads as (pino's `redact` censor too). */
export const REDACTED = '[Redacted]';

/**
 * A word after which a quoted name is the name of a database, messaging or code object, not a
 * value: `unique constraint "inbound_message_pkey"`, `relation "saga" does not exist`,
 * `column "mrn" of relation "patient"`, `entity of type "InboundMessage"`, `Subject
 * 'clinical.encounter.v1-value' not found`, `Cannot find module '@meridian/x'`.
 */
const OBJECT_NAME_BEFORE =
  /\b(constraint|relation|table|column|index|type|schema|database|role|sequence|function|trigger|view|extension|entity|savepoint|cursor|topic|group|subject|module|package|property|field|file|open)\s*$/i;

/** A quoted literal starting and ending at a word boundary (not the apostrophe of "can't"). */
const QUOTED = /(?<!\w)(["'`])(?:\\.|(?!\1)[^\\\n])*\1(?!\w)/g;

/**
 * Rules that take values out of a message, in order:
 * - `Key (mrn)=(123)`, pg's way of naming a row by its values (unique, foreign keys): the values go;
 * - `Failing row contains (...)`: the row goes;
 * - a JSON object (TypeORM's `matching: { "mrn": ... }`, avsc's `invalid ...: { ... }`): it goes.
 */
const VALUE_RULES: readonly (readonly [RegExp, string])[] = [
  [/\)=\(.*\)/g, `)=(${REDACTED})`],
  [/\b(row contains )\(.*\)/gi, `$1(${REDACTED})`],
  [/\{[\s\S]*\}/g, REDACTED],
];

/**
 * `message` without the values a driver or parser puts in its messages: pg's
 * `invalid input syntax for type integer: "DOE"`, `Key (mrn)=(123)`, JSON's
 * `"DOE^JOHN" is not valid JSON`, TypeORM's `matching: {...}`. Every quoted literal goes unless
 * it follows a word naming a database object (constraint, table, column...: not PHI, and what an
 * operator needs). Unquoted values in free text cannot be told from words and stay: errors of our
 * own code never put one there (no PHI in error messages).
 */
export function scrubMessage(message: string): string {
  let text = message;
  for (const [pattern, replacement] of VALUE_RULES) text = text.replace(pattern, replacement);
  return text.replace(QUOTED, (literal, _quote: string, offset: number) =>
    OBJECT_NAME_BEFORE.test(text.slice(0, offset)) ? literal : `"${REDACTED}"`,
  );
}

const FRAME = /^\s*at /;

/**
 * A stack trace with its header (`Type: message`, which may span lines) scrubbed like a message
 * and its frames (`    at ...`) kept as they are.
 */
export function scrubStack(stack: string): string {
  const lines = stack.split('\n');
  const first = lines.findIndex((line) => FRAME.test(line));
  if (first === -1) return scrubMessage(stack);
  const frames = lines.slice(first).filter((line) => FRAME.test(line));
  return [scrubMessage(lines.slice(0, first).join('\n')), ...frames].join('\n');
}

/**
 * Fields of an error kept in logs when they hold a string, number or boolean: codes, the retry
 * flag, HTTP status, and pg's names of the object involved. Everything else goes: TypeORM's
 * `query` and `parameters`, pg's `detail` (`Key (mrn)=(123) already exists`), `where`, `hint`,
 * `internalQuery`, `position`, `driverError` (whose safe fields TypeORM copies onto the error
 * already), and any field an error class of a library adds later.
 */
const KEPT_FIELDS = [
  'code',
  'errno',
  'retriable',
  'status',
  'statusCode',
  'severity',
  'routine',
  'schema',
  'table',
  'column',
  'dataType',
  'constraint',
] as const;

/** How deep `cause` and `errors` are followed; a cycle stops at the error that closes it. */
const MAX_DEPTH = 5;

/** A serialized error as it appears in a log line. */
export interface SerializedError {
  readonly type: string;
  readonly message: string;
  readonly stack?: string;
  readonly cause?: unknown;
  readonly errors?: readonly unknown[];
  readonly [field: string]: unknown;
}

function isErrorLike(value: unknown): value is Error {
  return (
    value instanceof Error ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as { message?: unknown }).message === 'string')
  );
}

function serialize(value: unknown, seen: Set<object>, depth: number): unknown {
  if (typeof value === 'string') return scrubMessage(value);
  if (typeof value !== 'object' || value === null) return value;
  if (!isErrorLike(value)) return { type: value.constructor?.name ?? 'Object' };
  if (seen.has(value) || depth > MAX_DEPTH) return { type: typeOf(value), message: '[Circular]' };
  seen.add(value);
  const fields = value as unknown as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const field of KEPT_FIELDS) {
    const kind = typeof fields[field];
    if (kind === 'string' || kind === 'number' || kind === 'boolean') kept[field] = fields[field];
  }
  const { cause, errors } = fields;
  const serialized = {
    type: typeOf(value),
    message: scrubMessage(value.message),
    ...kept,
    ...(typeof value.stack === 'string' ? { stack: scrubStack(value.stack) } : {}),
    ...(cause !== undefined ? { cause: serialize(cause, seen, depth + 1) } : {}),
    ...(Array.isArray(errors)
      ? { errors: errors.map((error) => serialize(error, seen, depth + 1)) }
      : {}),
  };
  seen.delete(value); // `seen` holds the errors above this one only: a shared cause is no cycle
  return serialized;
}

function typeOf(error: Error): string {
  const constructor = (error as { constructor?: { name?: unknown } }).constructor;
  return typeof constructor?.name === 'string' && constructor.name !== 'Object'
    ? constructor.name
    : error.name;
}

/**
 * pino's serializer of errors (`err`, `error`, `cause`, `fault`, `reason` fields): type, message
 * and stack scrubbed of values (`scrubMessage`), the fields of `KEPT_FIELDS`, and `cause` and
 * `errors` (AggregateError) serialized the same way, recursively. A string (a `reason` taken from
 * an error's message) is scrubbed; any other object is reduced to its type.
 */
export function serializeError(value: unknown): unknown {
  return serialize(value, new Set(), 0);
}
