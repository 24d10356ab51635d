// Avro schemas (as JSON) as a graph: names resolved per the spec ("Names"), each named type one
// node (so recursive and repeated references are the same object), union branches, array items,
// map values and record fields as children. Each node keeps the logical type and the tags
// (`"confluent:tags"`) written on it, for a reader that needs them (a payload view masking PHI);
// schema resolution ignores both. One walk for the schema tools and the services.

export type AvroJson = string | number | boolean | null | AvroJson[] | { [key: string]: AvroJson };
export type AvroObject = { [key: string]: AvroJson };

export class SchemaGraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SchemaGraphError';
  }
}

export type Primitive =
  'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

/** What a schema says on a type besides its kind: a logical type (with a decimal's scale) and tags. */
export interface Annotations {
  readonly logicalType?: string;
  readonly scale?: number;
  readonly tags?: readonly string[];
}
export interface Named extends Annotations {
  readonly fullName: string;
  /** Full names. */
  readonly aliases: readonly string[];
}
export interface FieldNode {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly hasDefault: boolean;
  readonly tags: readonly string[];
  readonly type: Node;
}
export type Node =
  | (Annotations & { readonly kind: Primitive })
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
export const isPrimitiveNode = (node: Node): node is Extract<Node, { kind: Primitive }> =>
  isPrimitive(node.kind);
export const isAvroObject = (value: AvroJson | undefined): value is AvroObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const strings = (value: AvroJson | undefined): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** Avro name resolution (spec "Names"): a dotted name is full; otherwise it takes the namespace in scope. */
export function qualifyName(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}
export const namespaceOf = (fullName: string): string | undefined =>
  fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : undefined;
export const shortName = (fullName: string): string =>
  fullName.slice(fullName.lastIndexOf('.') + 1);

function annotations(json: AvroObject): Annotations {
  const tags = strings(json['confluent:tags']);
  return {
    ...(typeof json['logicalType'] === 'string' ? { logicalType: json['logicalType'] } : {}),
    ...(typeof json['scale'] === 'number' ? { scale: json['scale'] } : {}),
    ...(tags.length > 0 ? { tags } : {}),
  };
}

/**
 * The graph of a schema; throws a SchemaGraphError on a reference to an unknown type or JSON that
 * is no schema. Validating the schema otherwise (avsc's `Type.forSchema`) is the caller's part.
 */
export function schemaGraph(schema: AvroJson): Node {
  const named = new Map<string, Node>();
  const walk = (json: AvroJson, namespace: string | undefined): Node => {
    if (typeof json === 'string') {
      if (isPrimitive(json)) return { kind: json };
      const found = named.get(qualifyName(json, namespace)) ?? named.get(json);
      if (!found) throw new SchemaGraphError(`unknown type "${json}"`);
      return found;
    }
    if (Array.isArray(json))
      return { kind: 'union', branches: json.map((branch) => walk(branch, namespace)) };
    if (!isAvroObject(json)) throw new SchemaGraphError(`not a schema: ${JSON.stringify(json)}`);
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
        const fullName = qualifyName(String(json['name']), explicit);
        const own = namespaceOf(fullName);
        const aliases = strings(json['aliases']).map((alias) => qualifyName(alias, own));
        const base = { fullName, aliases, ...annotations(json) };
        if (type === 'enum') {
          const node: Node = {
            kind: 'enum',
            ...base,
            symbols: strings(json['symbols']),
            default: typeof json['default'] === 'string' ? json['default'] : undefined,
          };
          named.set(fullName, node);
          return node;
        }
        if (type === 'fixed') {
          const node: Node = { kind: 'fixed', ...base, size: Number(json['size']) };
          named.set(fullName, node);
          return node;
        }
        const fields: FieldNode[] = [];
        const node: Node = { kind: 'record', ...base, fields };
        named.set(fullName, node); // before the fields: a record may refer to itself
        for (const field of Array.isArray(json['fields']) ? json['fields'] : []) {
          if (!isAvroObject(field)) continue;
          fields.push({
            name: String(field['name']),
            aliases: strings(field['aliases']),
            hasDefault: Object.hasOwn(field, 'default'),
            tags: strings(field['confluent:tags']),
            type: walk(field['type'] ?? null, own),
          });
        }
        return node;
      }
      default:
        // A primitive with what is written on it (a logicalType, tags), or a reference.
        return isPrimitive(type) ? { kind: type, ...annotations(json) } : walk(type, namespace);
    }
  };
  return walk(schema, undefined);
}

/** A node for people: `record health.meridian.X`, `array<string>`, `union [null, long]`. */
export function describeNode(node: Node): string {
  if (isPrimitiveNode(node)) return node.kind;
  switch (node.kind) {
    case 'array':
      return `array<${describeNode(node.items)}>`;
    case 'map':
      return `map<${describeNode(node.values)}>`;
    case 'union':
      return `union [${node.branches.map(describeNode).join(', ')}]`;
    case 'enum':
    case 'fixed':
    case 'record':
      return `${node.kind} ${node.fullName}`;
  }
}
