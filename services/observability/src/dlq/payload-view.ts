// The JSON view of a dead letter's Avro payload (PHI: only a phi-reader is shown it), decoded with
// its writer schema as the registry holds it and rendered over the schema's graph (`schemaGraph`
// of @meridian/contracts): logical types as the contracts show them (timestamps ISO-8601, dates
// YYYY-MM-DD, decimals exact strings), bytes as base64.
import { isAvroObject, isPrimitiveNode, qualifyName, schemaGraph } from '@meridian/contracts';
import type { Annotations, AvroJson, Node } from '@meridian/contracts';
import avro from 'avsc';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The key avsc gives a wrapped union branch. */
function branchKey(node: Node): string {
  return 'fullName' in node ? node.fullName : node.kind;
}

function decimal(bytes: Buffer, scale: number): string {
  let unscaled = bytes.length > 0 && (bytes[0] ?? 0) & 0x80 ? -1n : 0n;
  for (const byte of bytes) unscaled = (unscaled << 8n) | BigInt(byte);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const whole = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${whole}` : whole;
}

function logical(node: Annotations, value: unknown): Json | undefined {
  switch (node.logicalType) {
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
      return Buffer.isBuffer(value) ? decimal(value, node.scale ?? 0) : undefined;
    case undefined:
    default:
      return undefined;
  }
}

function render(node: Node, value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (isPrimitiveNode(node))
    return (
      logical(node, value) ?? (Buffer.isBuffer(value) ? value.toString('base64') : (value as Json))
    );
  switch (node.kind) {
    case 'union': {
      const [key, inner] = Object.entries(value as Record<string, unknown>)[0] ?? [];
      const branch = node.branches.find((b) => branchKey(b) === key);
      return branch === undefined ? null : render(branch, inner);
    }
    case 'record': {
      const record = value as Record<string, unknown>;
      return Object.fromEntries(
        node.fields.map((field) => [field.name, render(field.type, record[field.name])]),
      );
    }
    case 'array':
      return (value as unknown[]).map((item) => render(node.items, item));
    case 'map':
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => [
          k,
          render(node.values, v),
        ]),
      );
    case 'enum':
      return value as string;
    case 'fixed':
      return logical(node, value) ?? (value as Buffer).toString('base64');
  }
}

/**
 * Decodes an Avro body with its writer `schema` (JSON as the registry returns it) and renders it
 * as JSON. Throws when the body does not match the schema.
 */
export function payloadView(schema: unknown, body: Buffer): Json {
  const type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: true });
  const value: unknown = type.fromBuffer(body);
  return render(schemaGraph(schema as AvroJson), value);
}

/** The full name of a record schema (the writer's record name), or null. */
export function schemaName(schema: unknown): string | null {
  const json = schema as AvroJson;
  if (!isAvroObject(json) || typeof json['name'] !== 'string') return null;
  const namespace = json['namespace'];
  return qualifyName(json['name'], typeof namespace === 'string' ? namespace : undefined);
}
