// The AsyncAPI 3.0 document of Meridian's Kafka topics, rendered from the schema catalogue:
// one channel per topic of schemas/topics.json, one message per record it carries (the Avro
// schema by reference, the registry subject by TopicRecordNameStrategy), and the operations of
// each service named in the topic's `producers` (send) and `consumers` (receive).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { stringify } from 'yaml';
import type { Catalog, CatalogSource, TopicSpec } from '../schemas/catalog.ts';
import { bundle, loadCatalog, subjectName } from '../schemas/catalog.ts';
import { workTreeSource } from '../schemas/source.ts';

/** How a document gives the Avro payloads: by reference to the .avsc files, or inline. */
export type Payloads = 'reference' | 'inline';

export interface DocumentFile {
  /** Relative to the workspace root. */
  readonly path: string;
  readonly payloads: Payloads;
  readonly header: string;
}

/** The document in the repository: payloads refer to the .avsc files (paths relative to docs/). */
export const DOCUMENT: DocumentFile = {
  path: 'docs/asyncapi.yaml',
  payloads: 'reference',
  header: 'Avro payloads by reference to the .avsc files.',
};

/**
 * The document observability serves (`GET /asyncapi.yaml`): self-contained, each payload the
 * schema the registry holds (referenced types inlined), as the .avsc files are not served. It is
 * in the dashboard's files, which the service's package carries.
 */
export const SERVED_DOCUMENT: DocumentFile = {
  path: 'services/observability/src/ui/public/asyncapi.yaml',
  payloads: 'inline',
  header: 'Served by observability: self-contained, Avro payloads inline as registered.',
};

export const DOCUMENTS: readonly DocumentFile[] = [DOCUMENT, SERVED_DOCUMENT];
export const AVRO_FORMAT = 'application/vnd.apache.avro+json;version=1.9.0';
const KAFKA_BINDING = '0.5.0';

/** Who publishes to and who consumes a topic: service folder names under services/. */
export interface TopicRoles {
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
}

export class AsyncApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AsyncApiError';
  }
}

/**
 * The `producers` and `consumers` of every topic in schemas/topics.json, each naming one of
 * `services` (the folders under services/).
 */
export function loadRoles(
  source: CatalogSource,
  services: readonly string[],
): ReadonlyMap<string, TopicRoles> {
  const file = 'schemas/topics.json';
  const parsed = JSON.parse(source.read(file)) as {
    topics: { name: string; producers?: unknown; consumers?: unknown }[];
  };
  const roles = new Map<string, TopicRoles>();
  const list = (topic: string, field: string, value: unknown): string[] => {
    if (!Array.isArray(value) || value.some((s) => typeof s !== 'string'))
      throw new AsyncApiError(`${file}: topic "${topic}" needs "${field}": [service names]`);
    const unknown = (value as string[]).filter((s) => !services.includes(s));
    if (unknown.length > 0)
      throw new AsyncApiError(
        `${file}: topic "${topic}" ${field} names no service under services/: ${unknown.join(', ')}`,
      );
    return [...(value as string[])].sort();
  };
  for (const topic of parsed.topics) {
    roles.set(topic.name, {
      producers: list(topic.name, 'producers', topic.producers),
      consumers: list(topic.name, 'consumers', topic.consumers),
    });
  }
  return roles;
}

export interface DocumentInfo {
  /** The workspace's version (root package.json). */
  readonly version: string;
  readonly roles: ReadonlyMap<string, TopicRoles>;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const shortName = (fullName: string): string => fullName.slice(fullName.lastIndexOf('.') + 1);

/** The first sentence of a doc string, for a summary. */
function firstSentence(doc: string): string {
  const match = /^(.+?[.!?])(\s|$)/.exec(doc);
  return (match?.[1] ?? doc).trim();
}

/** `EncounterDischargeCancelled` → `Encounter discharge cancelled`. */
function title(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' ');
  return words.map((w, i) => (i === 0 ? w : /^[A-Z0-9]+$/.test(w) ? w : w.toLowerCase())).join(' ');
}

const schemaId = (fullName: string): string => fullName;

function channel(topic: TopicSpec, catalog: Catalog): Json {
  const messages: { [key: string]: Json } = {};
  for (const record of topic.records) {
    const type = catalog.types.get(record);
    const doc = typeof type?.schema['doc'] === 'string' ? type.schema['doc'] : record;
    const subject = subjectName(topic.name, record);
    messages[shortName(record)] = {
      name: shortName(record),
      title: title(shortName(record)),
      summary: firstSentence(doc),
      description: `${doc}\n\nRegistry subject: \`${subject}\` (TopicRecordNameStrategy).`,
      contentType: 'application/vnd.apache.avro',
      payload: { $ref: `#/components/schemas/${schemaId(record)}` },
      bindings: {
        kafka: {
          key: { type: 'string', description: topic.key },
          schemaIdLocation: 'payload',
          schemaIdPayloadEncoding: 'confluent',
          schemaLookupStrategy: 'TopicRecordNameStrategy',
          bindingVersion: KAFKA_BINDING,
        },
      },
      'x-schema-registry-subject': subject,
    };
  }
  return {
    address: topic.name,
    title: topic.name,
    ...(topic.doc ? { summary: firstSentence(topic.doc) } : {}),
    description: `${topic.doc ? `${topic.doc}\n\n` : ''}Message key: ${topic.key}`,
    messages,
    bindings: {
      kafka: { topic: topic.name, partitions: topic.partitions, bindingVersion: KAFKA_BINDING },
    },
  };
}

function operations(catalog: Catalog, roles: ReadonlyMap<string, TopicRoles>): Json {
  const result: { [key: string]: Json } = {};
  const add = (service: string, action: 'send' | 'receive', topic: TopicSpec): void => {
    const verb = action === 'send' ? 'sends to' : 'receives from';
    result[`${service}.${action}.${topic.name}`] = {
      action,
      channel: { $ref: `#/channels/${topic.name}` },
      title: `${service} ${verb} ${topic.name}`,
      tags: [{ name: service }],
      messages: topic.records.map((record) => ({
        $ref: `#/channels/${topic.name}/messages/${shortName(record)}`,
      })),
    };
  };
  for (const topic of catalog.topics) {
    const role = roles.get(topic.name);
    if (!role) throw new AsyncApiError(`schemas/topics.json: no roles for topic "${topic.name}"`);
    for (const service of role.producers) add(service, 'send', topic);
    for (const service of role.consumers) add(service, 'receive', topic);
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The document as a JSON value, the Avro payloads given as `file` says. */
export function asyncApiDocument(catalog: Catalog, info: DocumentInfo, file: DocumentFile): Json {
  const schemas: { [key: string]: Json } = {};
  const records = [...new Set(catalog.topics.flatMap((t) => t.records))].sort();
  for (const record of records) {
    const type = catalog.types.get(record);
    if (!type) throw new AsyncApiError(`schemas/topics.json: unknown record ${record}`);
    schemas[schemaId(record)] = {
      schemaFormat: AVRO_FORMAT,
      schema:
        file.payloads === 'inline'
          ? bundle(catalog.types, record)
          : { $ref: posix.relative(posix.dirname(file.path), type.file) },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Meridian event streams',
      version: info.version,
      description:
        'The Kafka topics of the Meridian integration platform: what each carries (Avro records ' +
        'with the common envelope, registered in the schema registry under TopicRecordNameStrategy ' +
        'subjects `<topic>-<record full name>`, Confluent wire format), which service publishes ' +
        'and which consumes. Generated from schemas/topics.json and schemas/**/*.avsc by ' +
        '`node tools/asyncapi/generate.ts`; do not edit by hand.',
      license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
    },
    defaultContentType: 'application/vnd.apache.avro',
    servers: {
      local: {
        host: 'localhost:9092',
        protocol: 'kafka',
        description:
          'The local stack (`npm run stack`): Kafka 3.9 in KRaft mode, the Apicurio registry at ' +
          'http://localhost:8081/apis/ccompat/v7.',
        bindings: {
          kafka: {
            schemaRegistryUrl: 'http://localhost:8081/apis/ccompat/v7',
            schemaRegistryVendor: 'apicurio',
            bindingVersion: KAFKA_BINDING,
          },
        },
      },
      production: {
        host: '{bootstrap}',
        protocol: 'kafka-secure',
        description:
          'A deployment (Helm chart or compose file): brokers from KAFKA_BROKERS, TLS and SASL ' +
          'from KAFKA_SSL and KAFKA_SASL_MECHANISM.',
        variables: {
          bootstrap: {
            description: 'One bootstrap broker, host:port (KAFKA_BROKERS).',
            default: 'kafka:9093',
          },
        },
      },
    },
    channels: Object.fromEntries(catalog.topics.map((t) => [t.name, channel(t, catalog)])),
    operations: operations(catalog, info.roles),
    components: { schemas },
  };
}

/** One document file's text: YAML, formatted by the workspace's prettier. */
export async function renderAsyncApi(
  catalog: Catalog,
  info: DocumentInfo,
  file: DocumentFile,
  workspace: string,
): Promise<string> {
  const text =
    '# Generated by `node tools/asyncapi/generate.ts` from schemas/topics.json and the Avro\n' +
    '# schemas: do not edit. `node tools/asyncapi/generate.ts --check` fails while it is stale.\n' +
    `# ${file.header}\n` +
    stringify(asyncApiDocument(catalog, info, file), {
      lineWidth: 0,
      aliasDuplicateObjects: false,
    });
  const filepath = posix.join(workspace, file.path);
  const options = (await resolveConfig(filepath, { editorconfig: true })) ?? {};
  return format(text, { ...options, filepath });
}

/** The documents (path → text) `root`'s schemas/ and services/ give (root package.json's version). */
export async function generateAsyncApi(
  root: string,
  workspace: string,
): Promise<Map<string, string>> {
  const source = workTreeSource(root);
  const services = readdirSync(join(root, 'services'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  const catalog = loadCatalog(source);
  const info = { version, roles: loadRoles(source, services) };
  const files = new Map<string, string>();
  for (const file of DOCUMENTS)
    files.set(file.path, await renderAsyncApi(catalog, info, file, workspace));
  return files;
}

/** The documents under `root` that differ from what its schemas give (paths relative to it). */
export async function staleDocuments(root: string, workspace: string): Promise<string[]> {
  const expected = await generateAsyncApi(root, workspace);
  return [...expected].flatMap(([path, text]) => {
    const file = join(root, path);
    return existsSync(file) && readFileSync(file, 'utf8') === text ? [] : [path];
  });
}
