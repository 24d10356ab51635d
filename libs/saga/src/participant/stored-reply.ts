// A participant's answer as its database keeps it: which command type it answers (from the reply
// contract) and its result fields as JSON, read back into the values the contract types them with
// (JSON keeps a timestamp as an ISO string; everything else a reply carries is JSON already).
import type { RecordContract } from '@meridian/contracts';
import type { StoredJson } from '../participant-store/participant-answer.store.js';
import { REPLY_HEADER_FIELDS } from './reply-header.js';

const REPLY_SUFFIX = 'Reply';

/**
 * The full name of the command a reply answers: every saga command `X` has exactly one reply
 * `XReply` on saga.replies.v1 (schemas/topics.json), and compensations are commands of their own.
 */
export function commandTypeOf(reply: RecordContract<unknown>): string {
  const name = reply.fullName;
  if (!name.endsWith(REPLY_SUFFIX) || name.length === REPLY_SUFFIX.length) {
    throw new Error(`${name} is not a saga reply (<Command>${REPLY_SUFFIX})`);
  }
  return name.slice(0, -REPLY_SUFFIX.length);
}

/** The result fields of a reply record (everything but the reply header), as JSON. */
export function resultToJson(draft: Readonly<Record<string, unknown>>): StoredJson {
  const header = new Set<string>(REPLY_HEADER_FIELDS);
  const result = Object.fromEntries(Object.entries(draft).filter(([name]) => !header.has(name)));
  return JSON.parse(JSON.stringify(result)) as StoredJson;
}

type Reader = (value: unknown) => unknown;
const same: Reader = (value) => value;

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'string']);
/** Logical types the contracts give as strings (libs/messaging's logical types), JSON already. */
const STRING_LOGICAL_TYPES = new Set(['date', 'decimal', 'uuid']);

interface Scope {
  readonly namespace: string | undefined;
  /** Named types (records, enums) by full name, defined before they are referenced. */
  readonly named: Map<string, Reader>;
}

const fullNameOf = (name: string, namespace: string | undefined): string =>
  name.includes('.') || !namespace ? name : `${namespace}.${name}`;

/**
 * How to read a JSON value of an Avro type back into the contract's value: a timestamp-millis
 * becomes a `Date`; decimals, dates, uuids and enums stay strings. Types JSON cannot carry
 * faithfully (bytes, fixed) and unions of more than one non-null branch are refused here, when a
 * reply contract is first used, rather than when an answer is read back.
 */
function readerOf(type: unknown, scope: Scope, path: string): Reader {
  if (typeof type === 'string') {
    if (PRIMITIVES.has(type)) return same;
    const name = fullNameOf(type, scope.namespace);
    if (!scope.named.has(name))
      throw new Error(`${path}: ${type} is not supported in a stored reply`);
    return (value) => (scope.named.get(name) as Reader)(value);
  }
  if (Array.isArray(type)) {
    const branches = type.filter((branch) => branch !== 'null');
    if (branches.length !== 1) {
      throw new Error(`${path}: a union of ${branches.length} non-null types is not supported`);
    }
    const read = readerOf(branches[0], scope, path);
    return (value) => (value === null ? null : read(value));
  }
  if (typeof type !== 'object' || type === null) throw new Error(`${path}: not an Avro type`);
  const t = type as Record<string, unknown>;
  const logical = t['logicalType'];
  if (logical === 'timestamp-millis') return (value) => readTimestamp(value, path);
  if (typeof logical === 'string' && STRING_LOGICAL_TYPES.has(logical)) return same;
  switch (t['type']) {
    case 'record':
      return recordReader(t, scope, path);
    case 'enum': {
      scope.named.set(fullNameOf(String(t['name']), nsOf(t, scope)), same);
      return same;
    }
    case 'array': {
      const read = readerOf(t['items'], scope, `${path}[]`);
      return (value) => (value as readonly unknown[]).map(read);
    }
    case 'map': {
      const read = readerOf(t['values'], scope, `${path}{}`);
      return (value) =>
        Object.fromEntries(Object.entries(value as StoredJson).map(([k, v]) => [k, read(v)]));
    }
    default:
      if (typeof t['type'] === 'string' && PRIMITIVES.has(t['type'])) return same;
      throw new Error(`${path}: ${JSON.stringify(t['type'])} is not supported in a stored reply`);
  }
}

function nsOf(type: Record<string, unknown>, scope: Scope): string | undefined {
  const name = String(type['name']);
  if (name.includes('.')) return name.slice(0, name.lastIndexOf('.'));
  return typeof type['namespace'] === 'string' ? type['namespace'] : scope.namespace;
}

function recordReader(type: Record<string, unknown>, scope: Scope, path: string): Reader {
  const namespace = nsOf(type, scope);
  const fields: Map<string, Reader> = new Map();
  const read: Reader = (value) =>
    Object.fromEntries(
      Object.entries(value as StoredJson).map(([name, v]) => [name, (fields.get(name) ?? same)(v)]),
    );
  // Registered before its fields are read, so a field may refer to the record itself.
  scope.named.set(fullNameOf(String(type['name']), namespace), read);
  fieldReaders(type, { namespace, named: scope.named }, path, fields);
  return read;
}

function fieldReaders(
  record: Record<string, unknown>,
  scope: Scope,
  path: string,
  into: Map<string, Reader>,
): void {
  const fields = record['fields'];
  if (!Array.isArray(fields)) throw new Error(`${path}: a record without fields`);
  for (const field of fields as { name: string; type: unknown }[]) {
    into.set(field.name, readerOf(field.type, scope, `${path}.${field.name}`));
  }
}

function readTimestamp(value: unknown, path: string): Date {
  const date = new Date(value as string);
  if (typeof value !== 'string' || Number.isNaN(date.getTime())) {
    throw new Error(`${path}: ${JSON.stringify(value)} is not a stored time`);
  }
  return date;
}

const readers = new WeakMap<RecordContract<unknown>, Reader>();

/** The reader of a reply contract's result fields, built once per contract. */
function resultReader(contract: RecordContract<unknown>): Reader {
  let read = readers.get(contract);
  if (!read) {
    const named = new Map<string, Reader>();
    const namespace = nsOf(contract.schema as Record<string, unknown>, {
      namespace: undefined,
      named,
    });
    const fields = new Map<string, Reader>();
    fieldReaders(
      contract.schema as Record<string, unknown>,
      { namespace, named },
      contract.fullName,
      fields,
    );
    const header = new Set<string>(REPLY_HEADER_FIELDS);
    read = (value) =>
      Object.fromEntries(
        Object.entries(value as StoredJson).map(([name, v]) => {
          const field = fields.get(name);
          if (!field || header.has(name)) {
            throw new Error(`${contract.fullName} has no result field ${name}`);
          }
          return [name, field(v)];
        }),
      );
    readers.set(contract, read);
  }
  return read;
}

/** Checks up front that a reply contract's results can be stored and read back. */
export function checkStorable(contract: RecordContract<unknown>): void {
  resultReader(contract);
}

/** Result fields stored by `resultToJson`, with the values the reply contract types them with. */
export function resultFromJson(
  contract: RecordContract<unknown>,
  json: StoredJson,
): Record<string, unknown> {
  return resultReader(contract)(json) as Record<string, unknown>;
}
