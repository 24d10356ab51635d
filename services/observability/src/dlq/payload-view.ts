// The JSON view of a dead letter's Avro payload, decoded with its writer schema (as the registry
// holds it, tags included): every field tagged PHI (`"confluent:tags": ["PHI"]`) masked unless
// the caller may read PHI, logical types as the contracts show them (timestamps ISO-8601, dates
// YYYY-MM-DD, decimals exact strings), bytes as base64.
import avro from 'avsc';

export const PHI_TAG = 'PHI';
export const MASK = '***';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaObject = { readonly [key: string]: unknown };

const PRIMITIVES = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);
const NAMED = new Set(['record', 'error', 'enum', 'fixed']);

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fullName(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

function namespaceOf(full: string): string | undefined {
  const dot = full.lastIndexOf('.');
  return dot < 0 ? undefined : full.slice(0, dot);
}

/** Whether a field or schema carries the PHI tag. */
export function isPhi(node: unknown): boolean {
  const tags = isObject(node) ? node['confluent:tags'] : undefined;
  return Array.isArray(tags) && tags.includes(PHI_TAG);
}

interface Scope {
  readonly names: Map<string, SchemaObject>;
  readonly maskPhi: boolean;
}

/** Every named type of `schema` by full name, with the namespace its children inherit. */
function collectNames(
  schema: unknown,
  namespace: string | undefined,
  names: Map<string, SchemaObject>,
): void {
  if (Array.isArray(schema)) {
    for (const branch of schema) collectNames(branch, namespace, names);
    return;
  }
  if (!isObject(schema)) return;
  const type = schema['type'];
  if (typeof type === 'string' && NAMED.has(type) && typeof schema['name'] === 'string') {
    const full = fullName(schema['name'], (schema['namespace'] as string | undefined) ?? namespace);
    names.set(full, schema);
    const inner = namespaceOf(full);
    const fields = Array.isArray(schema['fields']) ? (schema['fields'] as unknown[]) : [];
    for (const field of fields) if (isObject(field)) collectNames(field['type'], inner, names);
    return;
  }
  if (type === 'array') collectNames(schema['items'], namespace, names);
  else if (type === 'map') collectNames(schema['values'], namespace, names);
  else if (isObject(type) || Array.isArray(type)) collectNames(type, namespace, names);
}

/** The key avsc gives a wrapped union branch of `schema`. */
function branchName(schema: unknown, namespace: string | undefined): string | undefined {
  if (typeof schema === 'string')
    return PRIMITIVES.has(schema) ? schema : fullName(schema, namespace);
  if (!isObject(schema)) return undefined;
  const type = schema['type'];
  if (typeof type === 'string' && NAMED.has(type) && typeof schema['name'] === 'string')
    return fullName(schema['name'], (schema['namespace'] as string | undefined) ?? namespace);
  return typeof type === 'string' ? type : branchName(type, namespace);
}

function decimal(bytes: Buffer, scale: number): string {
  let unscaled = bytes.length > 0 && (bytes[0] ?? 0) & 0x80 ? -1n : 0n;
  for (const byte of bytes) unscaled = (unscaled << 8n) | BigInt(byte);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const whole = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${whole}` : whole;
}

function logical(schema: SchemaObject, value: unknown): Json | undefined {
  switch (schema['logicalType']) {
    case 'timestamp-millis':
      return typeof value === 'number' ? new Date(value).toISOString() : undefined;
    case 'timestamp-micros':
      return typeof value === 'number'
        ? new Date(Math.floor(value / 1000)).toISOString()
        : undefined;
    case 'date':
      return typeof value === 'number'
        ? new Date(value * 86_400_000).toISOString().slice(0, 10)
        : undefined;
    case 'decimal':
      return Buffer.isBuffer(value) ? decimal(value, Number(schema['scale'] ?? 0)) : undefined;
    default:
      return undefined;
  }
}

function render(
  schema: unknown,
  value: unknown,
  namespace: string | undefined,
  scope: Scope,
): Json {
  if (value === null || value === undefined) return null;
  if (typeof schema === 'string') {
    if (PRIMITIVES.has(schema))
      return Buffer.isBuffer(value) ? value.toString('base64') : (value as Json);
    const named = scope.names.get(fullName(schema, namespace)) ?? scope.names.get(schema);
    return named ? render(named, value, namespace, scope) : null;
  }
  if (Array.isArray(schema)) {
    const [key, inner] = Object.entries(value as Record<string, unknown>)[0] ?? [];
    const branch = schema.find((b) => branchName(b, namespace) === key);
    return branch === undefined ? null : render(branch, inner, namespace, scope);
  }
  if (!isObject(schema)) return null;
  const type = schema['type'];
  const inner =
    typeof schema['name'] === 'string'
      ? namespaceOf(
          fullName(schema['name'], (schema['namespace'] as string | undefined) ?? namespace),
        )
      : namespace;
  switch (type) {
    case 'record':
    case 'error': {
      const fields = Array.isArray(schema['fields']) ? (schema['fields'] as SchemaObject[]) : [];
      const record = value as Record<string, unknown>;
      return Object.fromEntries(
        fields.map((field) => {
          const name = String(field['name']);
          const fieldValue = record[name];
          const masked =
            scope.maskPhi && fieldValue !== null && (isPhi(field) || isPhi(field['type']));
          return [name, masked ? MASK : render(field['type'], fieldValue, inner, scope)];
        }),
      );
    }
    case 'array':
      return (value as unknown[]).map((item) => render(schema['items'], item, namespace, scope));
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          render(schema['values'], v, namespace, scope),
        ]),
      );
    case 'enum':
      return value as string;
    case 'fixed':
      return logical(schema, value) ?? (value as Buffer).toString('base64');
    default:
      if (typeof type === 'string' && PRIMITIVES.has(type))
        return logical(schema, value) ?? render(type, value, namespace, scope);
      return render(type, value, namespace, scope);
  }
}

/**
 * Decodes an Avro body with its writer `schema` (JSON as the registry returns it) and renders it
 * as JSON, PHI masked when `maskPhi`. Throws when the body does not match the schema.
 */
export function payloadView(schema: unknown, body: Buffer, maskPhi: boolean): Json {
  const type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: true });
  const value: unknown = type.fromBuffer(body);
  const names = new Map<string, SchemaObject>();
  collectNames(schema, undefined, names);
  return render(schema, value, undefined, { names, maskPhi });
}

/** The full name of a record schema (the writer's record name), or null. */
export function schemaName(schema: unknown): string | null {
  if (!isObject(schema) || typeof schema['name'] !== 'string') return null;
  return fullName(schema['name'], schema['namespace'] as string | undefined);
}
