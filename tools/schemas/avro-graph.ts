// Avro schemas as a graph for compatibility checks: names resolved per the spec ("Names"), each
// named type one node (so recursive and repeated references are the same object), logical types
// dropped (only the underlying type matters for resolution).
import avro from 'avsc';
import type { AvroJson, AvroObject } from './catalog.ts';

export class SchemaParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaParseError';
  }
}

export type Primitive =
  'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';
export interface Named {
  readonly fullName: string;
  /** Full names. */
  readonly aliases: readonly string[];
}
export interface FieldNode {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly hasDefault: boolean;
  readonly type: Node;
}
export type Node =
  | { readonly kind: Primitive }
  | { readonly kind: 'array'; readonly items: Node }
  | { readonly kind: 'map'; readonly values: Node }
  | { readonly kind: 'union'; readonly branches: readonly Node[] }
  | (Named & {
      readonly kind: 'enum';
      readonly symbols: readonly string[];
      readonly default: string | undefined;
    })
  | (Named & { readonly kind: 'fixed'; readonly size: number })
  | (Named & { readonly kind: 'record'; readonly fields: FieldNode[] });

const PRIMITIVES: ReadonlySet<string> = new Set([
  'null',
  'boolean',
  'int',
  'long',
  'float',
  'double',
  'bytes',
  'string',
]);
export const isPrimitive = (name: string): name is Primitive => PRIMITIVES.has(name);
const isObject = (value: AvroJson | undefined): value is AvroObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: AvroJson | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Avro name resolution (spec "Names"): a dotted name is full; otherwise it takes the namespace in scope. */
function qualify(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}
const namespaceOf = (fullName: string): string | undefined =>
  fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : undefined;
export const shortName = (fullName: string): string =>
  fullName.slice(fullName.lastIndexOf('.') + 1);

/** Parses a schema (validated by avsc first) into a graph where each named type is one node. */
export function parseSchema(schema: AvroJson): Node {
  try {
    avro.Type.forSchema(schema as avro.Schema);
  } catch (error) {
    throw new SchemaParseError(`invalid Avro schema: ${(error as Error).message}`);
  }
  const named = new Map<string, Node>();
  const walk = (json: AvroJson, namespace: string | undefined): Node => {
    if (typeof json === 'string') {
      if (isPrimitive(json)) return { kind: json };
      const found = named.get(qualify(json, namespace)) ?? named.get(json);
      if (!found) throw new SchemaParseError(`unknown type "${json}"`);
      return found;
    }
    if (Array.isArray(json))
      return { kind: 'union', branches: json.map((branch) => walk(branch, namespace)) };
    if (!isObject(json)) throw new SchemaParseError(`not a schema: ${JSON.stringify(json)}`);
    const type = json['type'];
    if (typeof type !== 'string') return walk(type ?? null, namespace);
    switch (type) {
      case 'array':
        return { kind: 'array', items: walk(json['items'] ?? null, namespace) };
      case 'map':
        return { kind: 'map', values: walk(json['values'] ?? null, namespace) };
      case 'record':
      case 'error':
      case 'enum':
      case 'fixed': {
        const explicit =
          typeof json['namespace'] === 'string' ? json['namespace'] || undefined : namespace;
        const fullName = qualify(String(json['name']), explicit);
        const own = namespaceOf(fullName);
        const aliases = strings(json['aliases']).map((alias) => qualify(alias, own));
        if (type === 'enum') {
          const node: Node = {
            kind: 'enum',
            fullName,
            aliases,
            symbols: strings(json['symbols']),
            default: typeof json['default'] === 'string' ? json['default'] : undefined,
          };
          named.set(fullName, node);
          return node;
        }
        if (type === 'fixed') {
          const node: Node = { kind: 'fixed', fullName, aliases, size: Number(json['size']) };
          named.set(fullName, node);
          return node;
        }
        const fields: FieldNode[] = [];
        const node: Node = { kind: 'record', fullName, aliases, fields };
        named.set(fullName, node); // before the fields: a record may refer to itself
        for (const field of Array.isArray(json['fields']) ? json['fields'] : []) {
          if (!isObject(field)) continue;
          fields.push({
            name: String(field['name']),
            aliases: strings(field['aliases']),
            hasDefault: Object.hasOwn(field, 'default'),
            type: walk(field['type'] ?? null, own),
          });
        }
        return node;
      }
      default:
        // A primitive or a reference, possibly with a logicalType (ignored, as Java does).
        return walk(type, namespace);
    }
  };
  return walk(schema, undefined);
}

export function describe(node: Node): string {
  switch (node.kind) {
    case 'array':
      return `array<${describe(node.items)}>`;
    case 'map':
      return `map<${describe(node.values)}>`;
    case 'union':
      return `union [${node.branches.map(describe).join(', ')}]`;
    case 'enum':
    case 'fixed':
    case 'record':
      return `${node.kind} ${node.fullName}`;
    case 'null':
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'bytes':
    case 'string':
      return node.kind;
  }
}
