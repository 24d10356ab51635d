import { REDACTED } from './error-serializer.js';

/**
 * Names of fields (any case) whose value never reaches a log line: patient data in Meridian's
 * payloads and in FHIR/HL7 terms (`patientMrn`, a HumanName's `family` and `given`, `birthDate`,
 * `address`, `telecom`...), raw messages, query parameters (TypeORM's `parameters`, an HTTP
 * `query`) and credentials (`authorization`, `cookie`, `set-cookie` headers).
 */
export const REDACTED_FIELDS: readonly string[] = [
  'patient',
  'patientMrn',
  'mrn',
  'patientName',
  'familyName',
  'givenName',
  'family',
  'given',
  'birthDate',
  'dateOfBirth',
  'dob',
  'address',
  'telecom',
  'phone',
  'ssn',
  'rawPayload',
  'rawBytes',
  'parameters',
  'query',
  'authorization',
  'cookie',
  'set-cookie',
];

const NAMES = new Set(REDACTED_FIELDS.map((name) => name.toLowerCase()));

/** How deep a logged object is walked; deeper values are logged as `[Too deep]`. */
const MAX_DEPTH = 8;

function isPlain(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function censor(value: unknown, depth: number, path: WeakSet<object>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (!Array.isArray(value) && !isPlain(value)) return value; // errors: the serializer's
  if (depth > MAX_DEPTH) return '[Too deep]';
  if (path.has(value)) return '[Circular]';
  path.add(value);
  const copy = Array.isArray(value)
    ? value.map((item: unknown) => censor(item, depth + 1, path))
    : Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          NAMES.has(key.toLowerCase()) ? REDACTED : censor(item, depth + 1, path),
        ]),
      );
  path.delete(value);
  return copy;
}

/**
 * A copy of a log line's fields with the value of every `REDACTED_FIELDS` field, at any depth of
 * plain objects and arrays, replaced by `[Redacted]` (pino's `redact` paths reach one level below
 * the top at most: `*.mrn`, never `command.payload.patientMrn`). Errors and other class instances
 * are left to the serializers. The caller's objects are not changed.
 */
export function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  return censor(fields, 0, new WeakSet()) as Record<string, unknown>;
}
