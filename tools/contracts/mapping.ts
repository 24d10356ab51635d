// Avro -> TypeScript type mapping for the contracts generator. The TypeScript types describe the
// values the messaging runtime's avsc types produce and accept (see libs/contracts/README.md):
//
//   null | boolean | string -> null | boolean | string      int, long, float, double -> number
//   bytes, fixed -> Buffer (avsc checks Buffer.isBuffer)   array -> readonly T[]
//   map -> Readonly<Record<string, T>>                      ["null", T] -> T | null
//   other unions -> T1 | T2 (unwrapped; unions avsc would wrap are refused)
//   timestamp-millis -> Date    date -> string (YYYY-MM-DD)    decimal -> Decimal    uuid -> string
//
// Other logical types (time-millis, timestamp-micros, ...) are not registered by the runtime, so
// their values are those of the underlying type, as the Avro specification prescribes.
import type { AvroJson, AvroObject } from '@meridian/contracts';
import type { Catalog } from '../schemas/catalog.ts';

export type NamedKind = 'record' | 'enum' | 'fixed';

/** A named Avro type, top-level in its own file or defined inline inside another. */
export interface NamedDecl {
  readonly fullName: string;
  /** The TypeScript name: the Avro name without its namespace. */
  readonly name: string;
  /** `clinical` for `health.meridian.clinical`: the generated file the declaration goes in. */
  readonly domain: string;
  readonly kind: NamedKind;
  readonly schema: AvroObject;
  /** Where it is written, relative to the workspace root. */
  readonly file: string;
}

export class ContractsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractsError';
  }
}

const NUMBERS = new Set(['int', 'long', 'float', 'double']);
const KIND_OF: Readonly<Record<string, NamedKind>> = {
  record: 'record',
  error: 'record',
  enum: 'enum',
  fixed: 'fixed',
};

export function isObject(value: AvroJson | undefined): value is AvroObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function namespaceOf(fullName: string): string | undefined {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? undefined : fullName.slice(0, dot);
}

function qualify(name: string, namespace: string | undefined): string {
  return name.includes('.') || !namespace ? name : `${namespace}.${name}`;
}

/** Every named type of the catalogue, including those defined inline in another type. */
export function collectNamedTypes(catalog: Catalog): Map<string, NamedDecl> {
  const decls = new Map<string, NamedDecl>();
  const visit = (node: AvroJson | undefined, namespace: string | undefined, file: string): void => {
    if (Array.isArray(node)) {
      for (const branch of node) visit(branch, namespace, file);
      return;
    }
    if (!isObject(node)) return;
    const type = node['type'];
    const kind = typeof type === 'string' ? KIND_OF[type] : undefined;
    if (kind) {
      const own = typeof node['namespace'] === 'string' ? node['namespace'] : namespace;
      const fullName = qualify(String(node['name']), own);
      const clash = decls.get(fullName);
      if (clash)
        throw new ContractsError(`${file}: ${fullName} is already defined in ${clash.file}`);
      const name = fullName.slice(fullName.lastIndexOf('.') + 1);
      const domain = (namespaceOf(fullName) ?? 'default').split('.').pop() ?? 'default';
      decls.set(fullName, { fullName, name, domain, kind, schema: node, file });
      const fields = Array.isArray(node['fields']) ? node['fields'] : [];
      for (const field of fields) {
        if (isObject(field)) visit(field['type'], namespaceOf(fullName), file);
      }
      return;
    }
    if (type === 'array') visit(node['items'], namespace, file);
    else if (type === 'map') visit(node['values'], namespace, file);
    else if (isObject(type) || Array.isArray(type)) visit(type, namespace, file);
  };
  for (const named of catalog.types.values()) visit(named.schema, undefined, named.file);
  return decls;
}

/** What a declaration's TypeScript needs from elsewhere. */
export interface TypeUses {
  /** Full names of the named types referred to. */
  readonly named: Set<string>;
  /** Whether the `Decimal` type of the contract module is used. */
  decimal: boolean;
}

export function newUses(): TypeUses {
  return { named: new Set(), decimal: false };
}

const LOGICAL: Readonly<Record<string, { readonly on: readonly string[]; readonly ts: string }>> = {
  'timestamp-millis': { on: ['long'], ts: 'Date' },
  date: { on: ['int'], ts: 'string' },
  decimal: { on: ['bytes', 'fixed'], ts: 'Decimal' },
  uuid: { on: ['string'], ts: 'string' },
};

/** avsc's union buckets: two branches in one bucket make avsc wrap the union's values. */
function bucketOf(node: AvroJson, resolve: (name: string) => NamedDecl | undefined): string {
  if (typeof node === 'string') {
    if (NUMBERS.has(node)) return 'number';
    if (node === 'bytes') return 'buffer';
    const named = resolve(node);
    if (!named) return node;
    return named.kind === 'record' ? 'object' : named.kind === 'enum' ? 'string' : 'buffer';
  }
  if (Array.isArray(node)) return 'union';
  if (!isObject(node)) return String(node);
  const type = node['type'];
  const logical =
    typeof node['logicalType'] === 'string' ? LOGICAL[node['logicalType']] : undefined;
  // avsc leaves logical-type branches out of its ambiguity check.
  if (logical && typeof type === 'string' && logical.on.includes(type))
    return `logical:${JSON.stringify(node)}`;
  if (type === 'map') return 'object';
  if (type === 'array') return 'array';
  if (typeof type === 'string' && KIND_OF[type]) {
    return KIND_OF[type] === 'record' ? 'object' : KIND_OF[type] === 'enum' ? 'string' : 'buffer';
  }
  return bucketOf(type ?? 'null', resolve);
}

/** Maps Avro types to TypeScript types, recording what each use needs. */
export class TypeMapper {
  private readonly decls: ReadonlyMap<string, NamedDecl>;

  constructor(decls: ReadonlyMap<string, NamedDecl>) {
    this.decls = decls;
  }

  resolve(name: string, namespace: string | undefined): NamedDecl | undefined {
    return this.decls.get(name) ?? this.decls.get(qualify(name, namespace));
  }

  /** The TypeScript type of an Avro type; `where` names the field for error messages. */
  map(node: AvroJson, namespace: string | undefined, uses: TypeUses, where: string): string {
    if (typeof node === 'string') return this.mapName(node, namespace, uses, where);
    if (Array.isArray(node)) return this.mapUnion(node, namespace, uses, where);
    if (!isObject(node))
      throw new ContractsError(`${where}: not an Avro type: ${JSON.stringify(node)}`);
    const type = node['type'];
    if (typeof type === 'string' && KIND_OF[type]) {
      return this.named(qualify(String(node['name']), namespace), uses, where);
    }
    const logical =
      typeof node['logicalType'] === 'string' ? LOGICAL[node['logicalType']] : undefined;
    if (logical && typeof type === 'string' && logical.on.includes(type)) {
      if (logical.ts === 'Decimal') uses.decimal = true;
      return logical.ts;
    }
    if (type === 'array') {
      return `readonly (${this.map(node['items'] ?? null, namespace, uses, `${where}[]`)})[]`;
    }
    if (type === 'map') {
      return `Readonly<Record<string, ${this.map(node['values'] ?? null, namespace, uses, `${where}{}`)}>>`;
    }
    return this.map(type ?? null, namespace, uses, where);
  }

  private mapName(
    name: string,
    namespace: string | undefined,
    uses: TypeUses,
    where: string,
  ): string {
    switch (name) {
      case 'null':
      case 'boolean':
      case 'string':
        return name;
      case 'int':
      case 'long':
      case 'float':
      case 'double':
        return 'number';
      case 'bytes':
        return 'Buffer';
      default:
        return this.named(this.resolve(name, namespace)?.fullName ?? name, uses, where);
    }
  }

  private named(fullName: string, uses: TypeUses, where: string): string {
    const decl = this.decls.get(fullName);
    if (!decl) throw new ContractsError(`${where}: unknown type "${fullName}"`);
    uses.named.add(decl.fullName);
    return decl.name;
  }

  private mapUnion(
    branches: AvroJson[],
    namespace: string | undefined,
    uses: TypeUses,
    where: string,
  ): string {
    const buckets = new Map<string, AvroJson>();
    for (const branch of branches) {
      const bucket = bucketOf(branch, (name) => this.resolve(name, namespace));
      const earlier = buckets.get(bucket);
      if (earlier !== undefined) {
        throw new ContractsError(
          `${where}: union branches ${JSON.stringify(earlier)} and ${JSON.stringify(branch)} are both ` +
            `${bucket} values, so avsc would wrap the union; the generated types assume unwrapped unions`,
        );
      }
      buckets.set(bucket, branch);
    }
    const nullable = branches.includes('null');
    const types = branches
      .filter((branch) => branch !== 'null')
      .map((branch) => this.map(branch, namespace, uses, where));
    return [...types, ...(nullable ? ['null'] : [])].join(' | ');
  }
}
