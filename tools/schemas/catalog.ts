// The schema catalogue: schemas/<domain>/*.avsc, topics.json and compatibility.json, read through a
// file-access function so the same code reads the work tree and any commit in git history.
import { isPrimitive } from '@meridian/contracts';
import type { AvroJson, AvroObject } from '@meridian/contracts';
import avro from 'avsc';

export const COMPATIBILITY_MODES = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const;
export type CompatibilityMode = (typeof COMPATIBILITY_MODES)[number];

export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly key: string;
  readonly doc: string;
  /** Full names of the message records the topic carries. */
  readonly records: readonly string[];
}

export interface CompatibilityConfig {
  readonly default: CompatibilityMode;
  readonly subjects: Readonly<
    Record<string, { readonly mode: CompatibilityMode; readonly reason: string }>
  >;
}

export interface NamedType {
  readonly fullName: string;
  /** Path relative to the workspace root, e.g. schemas/clinical/EncounterDischarged.avsc. */
  readonly file: string;
  readonly schema: AvroObject;
}

export interface Subject {
  /** `<topic>-<record full name>` (TopicRecordNameStrategy). */
  readonly subject: string;
  readonly topic: string;
  readonly record: string;
  /** The self-contained schema: every referenced named type inlined at its first use. */
  readonly schema: AvroObject;
  readonly mode: CompatibilityMode;
}

export interface Catalog {
  readonly types: ReadonlyMap<string, NamedType>;
  readonly topics: readonly TopicSpec[];
  readonly compatibility: CompatibilityConfig;
  readonly subjects: readonly Subject[];
}

/** How the catalogue reads files: relative paths under the workspace root. */
export interface CatalogSource {
  /** Every `schemas/**\/*.avsc` path. */
  listSchemaFiles(): string[];
  read(path: string): string;
}

const NAMED_KINDS = new Set(['record', 'error', 'enum', 'fixed']);

export class CatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogError';
  }
}

function isObject(value: AvroJson | undefined): value is AvroObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fullNameOf(schema: AvroObject, enclosingNamespace: string | undefined): string {
  const name = String(schema['name']);
  if (name.includes('.')) return name;
  const namespace =
    typeof schema['namespace'] === 'string' ? schema['namespace'] : enclosingNamespace;
  return namespace ? `${namespace}.${name}` : name;
}

function parseTypeFile(file: string, text: string): NamedType {
  let schema: AvroJson;
  try {
    schema = JSON.parse(text) as AvroJson;
  } catch (error) {
    throw new CatalogError(`${file}: not JSON (${(error as Error).message})`);
  }
  if (!isObject(schema) || !NAMED_KINDS.has(String(schema['type']))) {
    throw new CatalogError(`${file}: must hold one named type (record or enum)`);
  }
  if (typeof schema['namespace'] !== 'string')
    throw new CatalogError(`${file}: "namespace" must be written out`);
  const fullName = fullNameOf(schema, undefined);
  const expectedFile = `${String(schema['name'])}.avsc`;
  if (!file.endsWith(`/${expectedFile}`))
    throw new CatalogError(`${file}: a file is named after its type (${expectedFile})`);
  return { fullName, file, schema };
}

/**
 * Inlines every named type `root` refers to by full name, at its first use, so the result is a
 * self-contained Avro schema. Later uses stay references, as Avro requires.
 */
export function bundle(types: ReadonlyMap<string, NamedType>, root: string): AvroObject {
  const defined = new Set<string>();
  const walk = (node: AvroJson, namespace: string | undefined, from: string): AvroJson => {
    if (typeof node === 'string') {
      if (isPrimitive(node) || defined.has(node)) return node;
      const qualified = node.includes('.') ? node : namespace ? `${namespace}.${node}` : node;
      if (defined.has(qualified)) return node;
      const target = types.get(node) ?? types.get(qualified);
      if (!target)
        throw new CatalogError(
          `${from}: unknown type "${node}" (refer to other files' types by full name)`,
        );
      return walk(target.schema, undefined, target.file);
    }
    if (Array.isArray(node)) return node.map((branch) => walk(branch, namespace, from));
    if (!isObject(node)) return node;
    const kind = node['type'];
    if (typeof kind === 'string' && NAMED_KINDS.has(kind)) {
      const fullName = fullNameOf(node, namespace);
      defined.add(fullName);
      const innerNamespace = fullName.includes('.')
        ? fullName.slice(0, fullName.lastIndexOf('.'))
        : undefined;
      if (kind === 'record' || kind === 'error') {
        const fields = Array.isArray(node['fields']) ? node['fields'] : [];
        return {
          ...node,
          fields: fields.map((field) =>
            isObject(field)
              ? { ...field, type: walk(field['type'] ?? null, innerNamespace, from) }
              : field,
          ),
        };
      }
      return node;
    }
    if (kind === 'array') return { ...node, items: walk(node['items'] ?? null, namespace, from) };
    if (kind === 'map') return { ...node, values: walk(node['values'] ?? null, namespace, from) };
    if (kind !== undefined && kind !== null) return { ...node, type: walk(kind, namespace, from) };
    return node;
  };
  const type = types.get(root);
  if (!type) throw new CatalogError(`unknown record ${root}`);
  const result = walk(type.schema, undefined, type.file);
  if (!isObject(result)) throw new CatalogError(`${type.file}: not a record`);
  return result;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CatalogError(`${file}: not JSON (${(error as Error).message})`);
  }
}

function parseTopics(text: string): TopicSpec[] {
  const parsed = parseJson('schemas/topics.json', text) as { topics?: TopicSpec[] };
  if (!Array.isArray(parsed.topics))
    throw new CatalogError('schemas/topics.json: needs a "topics" array');
  for (const topic of parsed.topics) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*\.v\d+$/.test(topic.name)) {
      throw new CatalogError(
        `schemas/topics.json: topic "${topic.name}" does not end in .v<major>`,
      );
    }
    if (!Number.isInteger(topic.partitions) || topic.partitions < 1) {
      throw new CatalogError(
        `schemas/topics.json: topic "${topic.name}" needs a positive whole number of partitions`,
      );
    }
  }
  return parsed.topics;
}

function parseCompatibility(text: string): CompatibilityConfig {
  const parsed = parseJson('schemas/compatibility.json', text) as CompatibilityConfig;
  const valid = (mode: unknown): mode is CompatibilityMode =>
    COMPATIBILITY_MODES.includes(mode as CompatibilityMode);
  if (!valid(parsed.default))
    throw new CatalogError(
      `schemas/compatibility.json: unknown default mode "${String(parsed.default)}"`,
    );
  for (const [subject, override] of Object.entries(parsed.subjects ?? {})) {
    if (!valid(override.mode))
      throw new CatalogError(
        `schemas/compatibility.json: ${subject} has unknown mode "${override.mode}"`,
      );
    if (!override.reason?.trim())
      throw new CatalogError(
        `schemas/compatibility.json: ${subject} relaxes its mode without a reason`,
      );
  }
  return { default: parsed.default, subjects: parsed.subjects ?? {} };
}

export function subjectName(topic: string, record: string): string {
  return `${topic}-${record}`;
}

export function loadCatalog(source: CatalogSource): Catalog {
  const types = new Map<string, NamedType>();
  for (const file of source.listSchemaFiles().sort()) {
    const type = parseTypeFile(file, source.read(file));
    const clash = types.get(type.fullName);
    if (clash)
      throw new CatalogError(`${file}: ${type.fullName} is already defined in ${clash.file}`);
    types.set(type.fullName, type);
  }
  const topics = parseTopics(source.read('schemas/topics.json'));
  const compatibility = parseCompatibility(source.read('schemas/compatibility.json'));
  const subjects: Subject[] = [];
  for (const topic of topics) {
    for (const record of topic.records) {
      const schema = bundle(types, record);
      try {
        avro.Type.forSchema(schema as avro.Schema);
      } catch (error) {
        throw new CatalogError(
          `${types.get(record)?.file ?? record}: invalid Avro (${(error as Error).message})`,
        );
      }
      const subject = subjectName(topic.name, record);
      subjects.push({
        subject,
        topic: topic.name,
        record,
        schema,
        mode: compatibility.subjects[subject]?.mode ?? compatibility.default,
      });
    }
  }
  const unknown = Object.keys(compatibility.subjects).filter(
    (s) => !subjects.some((x) => x.subject === s),
  );
  if (unknown.length > 0)
    throw new CatalogError(`schemas/compatibility.json: no such subject ${unknown.join(', ')}`);
  return { types, topics, compatibility, subjects };
}
