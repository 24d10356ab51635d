// The mutating operations of a service's OpenAPI document, as the authorization test calls them:
// each with the access it declares (roles of the OpenID Connect scheme, or a scheme of its own), a
// concrete path, and a minimal request from the document's own examples. Pure: no I/O.
import { randomUUID } from 'node:crypto';

export const MUTATING_METHODS = ['post', 'put', 'patch', 'delete'] as const;
export type MutatingMethod = (typeof MUTATING_METHODS)[number];
export type Method = 'get' | MutatingMethod;

/** The parts of an OpenAPI 3 schema object this module reads. */
export interface SchemaObject {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly example?: unknown;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly required?: readonly string[];
  readonly items?: SchemaObject;
  readonly allOf?: readonly SchemaObject[];
  readonly oneOf?: readonly SchemaObject[];
  readonly anyOf?: readonly SchemaObject[];
}

interface ParameterObject {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly example?: unknown;
  readonly schema?: SchemaObject;
}

interface MediaTypeObject {
  readonly example?: unknown;
  readonly schema?: SchemaObject;
}

interface OperationObject {
  readonly parameters?: readonly ParameterObject[];
  readonly requestBody?: { readonly content?: Readonly<Record<string, MediaTypeObject>> };
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
  readonly 'x-meridian-roles'?: readonly string[];
}

export interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, OperationObject>>>>;
  readonly components?: {
    readonly schemas?: Readonly<Record<string, SchemaObject>>;
    readonly securitySchemes?: Readonly<Record<string, unknown>>;
  };
}

/** A request: the path with its parameters filled in, and a body with its content type. */
export interface SampleRequest {
  readonly path: string;
  readonly contentType: string;
  readonly body: string;
  /** The body came from the document's examples (else it is an empty object or empty text). */
  readonly fromExamples: boolean;
}

export interface Operation {
  readonly service: string;
  readonly method: Method;
  /** The path as the document has it, e.g. `/sagas/{id}/retry`. */
  readonly template: string;
  /** `x-meridian-roles`: empty when the operation declares none. */
  readonly roles: readonly string[];
  /** The security schemes of its requirements (`oidc` for roles, e.g. `hrSignature`). */
  readonly schemes: readonly string[];
  /** The schemes of the requirements that the document defines. */
  readonly definedSchemes: readonly string[];
  readonly request: SampleRequest;
}

/** The operations of `doc` of `methods`, in the document's order. */
export function operationsOf(
  service: string,
  doc: OpenApiDocument,
  methods: readonly Method[],
): Operation[] {
  const defined = Object.keys(doc.components?.securitySchemes ?? {});
  return Object.entries(doc.paths).flatMap(([template, item]) =>
    methods.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const schemes = [...new Set((operation.security ?? []).flatMap((r) => Object.keys(r)))];
      return [
        {
          service,
          method,
          template,
          roles: operation['x-meridian-roles'] ?? [],
          schemes,
          definedSchemes: schemes.filter((s) => defined.includes(s)),
          request: sampleRequest(doc, template, operation),
        },
      ];
    }),
  );
}

/** Every POST, PUT, PATCH and DELETE of `doc`, in the document's order. */
export function mutatingOperations(service: string, doc: OpenApiDocument): Operation[] {
  return operationsOf(service, doc, MUTATING_METHODS);
}

/** The first of `roles` (the realm's, in order) that `operation` does not list. */
export function roleWithout(operation: Operation, roles: readonly string[]): string {
  const other = roles.find((role) => !operation.roles.includes(role));
  if (!other) throw new Error(`${operationName(operation)} lists every role: none is refused`);
  return other;
}

/** `POST /sagas/{id}/retry (saga-orchestrator)` */
export function operationName(operation: Operation): string {
  return `${operation.method.toUpperCase()} ${operation.template} (${operation.service})`;
}

const resolve = (doc: OpenApiDocument, schema: SchemaObject): SchemaObject => {
  const name = schema.$ref?.replace('#/components/schemas/', '');
  return name ? (doc.components?.schemas?.[name] ?? {}) : schema;
};

/** How deep a sample follows nested objects (a recursive schema stops here). */
const MAX_DEPTH = 8;

/**
 * A minimal value of `schema` from the document's examples: its `example`, else its required
 * properties' samples; `undefined` when a required part has no example (a string without one
 * cannot be guessed).
 */
export function sampleOf(doc: OpenApiDocument, given: SchemaObject, depth = 0): unknown {
  if (depth > MAX_DEPTH) return undefined;
  const schema = resolve(doc, given);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const [first] = schema.allOf ?? schema.oneOf ?? schema.anyOf ?? [];
  if (first) return sampleOf(doc, first, depth + 1);
  // An object schema may leave its type implicit.
  switch (schema.type ?? (schema.properties ? 'object' : '')) {
    case 'object': {
      const entries = (schema.required ?? []).map((name) => {
        const property = schema.properties?.[name];
        return [name, property ? sampleOf(doc, property, depth + 1) : undefined] as const;
      });
      return entries.every(([, value]) => value !== undefined)
        ? Object.fromEntries(entries)
        : undefined;
    }
    case 'array': {
      const item = schema.items ? sampleOf(doc, schema.items, depth + 1) : undefined;
      return item === undefined ? [] : [item];
    }
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'date') return new Date().toISOString().slice(0, 10);
      return undefined;
    default:
      return undefined;
  }
}

/** A path parameter's value: its example, else a fresh identifier nothing has (a 404 then). */
function parameterValue(doc: OpenApiDocument, parameter: ParameterObject): string {
  const value =
    parameter.example ?? (parameter.schema ? sampleOf(doc, parameter.schema) : undefined);
  return value === undefined ? `AUTHZ${randomUUID().slice(0, 8).toUpperCase()}` : String(value);
}

/** JSON first (FHIR's or plain), then whatever the operation takes. */
function preferredMediaType(
  content: Readonly<Record<string, MediaTypeObject>>,
): string | undefined {
  const types = Object.keys(content);
  return types.find((t) => /json/.test(t)) ?? types[0];
}

function sampleRequest(
  doc: OpenApiDocument,
  template: string,
  operation: OperationObject,
): SampleRequest {
  const parameters = operation.parameters ?? [];
  let path = template;
  for (const p of parameters.filter((p) => p.in === 'path'))
    path = path.replace(`{${p.name}}`, encodeURIComponent(parameterValue(doc, p)));
  const query = parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(parameterValue(doc, p))}`);
  if (query.length > 0) path += `?${query.join('&')}`;

  const content = operation.requestBody?.content ?? {};
  const contentType = preferredMediaType(content) ?? 'application/json';
  const media = content[contentType];
  const example = media?.example ?? (media?.schema ? sampleOf(doc, media.schema) : undefined);
  if (!/json/.test(contentType)) {
    return {
      path,
      contentType,
      body: typeof example === 'string' ? example : '',
      fromExamples: typeof example === 'string',
    };
  }
  return {
    path,
    contentType,
    body: JSON.stringify(example ?? {}),
    fromExamples: example !== undefined,
  };
}
