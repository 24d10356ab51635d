// The Confluent-compatible registry API as the schema CLI uses it: the kafkajs client registers and
// looks up schemas (the same client the services use); config and listing go over plain fetch.
//
// What Apicurio Registry 3.3.3 does behind /apis/ccompat/v7 (checked by hand and pinned in
// registry.int.spec.ts):
// - The `id` the ccompat API returns is Apicurio's contentId, not the globalId of the version: the
//   same text under two subjects gets one id, each version still has its own globalId (native API).
// - Looking up identical text (POST /subjects/{subject}) returns the registered version and id;
//   registering it again returns that id and adds no version.
// - Storage is not canonicalised: the text is kept byte for byte (the native API returns it as
//   sent) and a different text gets a new contentId. Matching an upload against a subject's
//   versions is canonical, though: whitespace, key order and `doc` changes find the existing version
//   (lookup answers with the stored text; register returns its id and adds no version). Field order,
//   defaults and logical types are part of the match. So a doc-only edit is never re-registered.
// - The ccompat reads (GET /schemas/ids/{id}, /subjects/{s}/versions/{v}) return re-serialised JSON,
//   not the stored bytes.
// - PUT /config/{subject} works before the subject exists and round-trips through GET; GET on a
//   subject that has neither config nor versions is 404 (40401); a subject with versions but no
//   config of its own reports the global level (NONE here).
// - Compatibility: registration applies the subject's level as Confluent does (BACKWARD, FORWARD,
//   FULL against the latest version; *_TRANSITIVE against all), with Java Avro's rules; the 409
//   message names the fields ("... list of diff types: [payerId at /fields/1]"). The test endpoints
//   differ: POST /compatibility/subjects/{s}/versions/latest compares with the latest version only,
//   even for a transitive level (as Confluent), while POST /compatibility/subjects/{s}/versions
//   compares with every version whatever the level (Confluent honours the level there). Both answer
//   only {"is_compatible": bool}, with no messages even with ?verbose=true.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { CompatibilityMode } from './catalog.ts';

const CLIENT_ID = 'meridian-schemas';

export class RegistryError extends Error {
  readonly status: number | undefined;
  /** The registry did not answer within the client's timeout. */
  readonly timedOut: boolean;
  constructor(message: string, status?: number, timedOut = false) {
    super(message);
    this.name = 'RegistryError';
    this.status = status;
    this.timedOut = timedOut;
  }
}

/** How long one request may wait for the registry's answer (REGISTRY_TIMEOUT_MS). */
export const DEFAULT_REGISTRY_TIMEOUT_MS = 15_000;
/** Attempts of an idempotent call (register, lookup) whose request timed out. */
const ATTEMPTS_ON_TIMEOUT = 3;

/** REGISTRY_TIMEOUT_MS as a positive whole number of milliseconds, else the default. */
export function registryTimeoutMs(env: NodeJS.ProcessEnv): number {
  const raw = env['REGISTRY_TIMEOUT_MS']?.trim();
  if (!raw) return DEFAULT_REGISTRY_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new RegistryError(
      `REGISTRY_TIMEOUT_MS must be a positive number of milliseconds, not '${raw}'`,
    );
  }
  return value;
}

/** SCHEMA_REGISTRY_URL, else the running local stack's endpoints file. */
export function registryUrl(env: NodeJS.ProcessEnv, workspaceRoot: string): string {
  const explicit = env['SCHEMA_REGISTRY_URL']?.trim();
  if (explicit) return explicit.replace(/\/+$/, '');
  const file = join(env['MERIDIAN_HOME'] ?? join(workspaceRoot, '.meridian'), 'endpoints.json');
  if (!existsSync(file)) {
    throw new RegistryError(
      `SCHEMA_REGISTRY_URL is not set and the local stack is not up (no ${file}): run 'npm run stack -- up'`,
    );
  }
  const url = (JSON.parse(readFileSync(file, 'utf8')) as { schemaRegistryUrl?: string })
    .schemaRegistryUrl;
  if (!url) throw new RegistryError(`${file} has no schemaRegistryUrl`);
  return url.replace(/\/+$/, '');
}

export interface RegisteredVersion {
  readonly version: number;
  readonly id: number;
  readonly schema: string;
}

export interface RegistryClient {
  readonly url: string;
  /** The subject's compatibility level; undefined when the registry has none for it (404). */
  getCompatibility(subject: string): Promise<string | undefined>;
  setCompatibility(subject: string, mode: CompatibilityMode): Promise<void>;
  /** The id the registry has for this exact schema text under the subject, if any. */
  lookup(subject: string, schema: string): Promise<number | undefined>;
  /** Registers the text as it is (the registry checks compatibility); returns the id. */
  register(subject: string, schema: string, mode: CompatibilityMode): Promise<number>;
  /**
   * The registry's test verdict for the text as the subject's next version: against the latest
   * version only (`versions/latest`), or against every version (`versions`; on Apicurio whatever
   * the level). Registration itself applies the level; see the notes above.
   */
  testCompatibility(subject: string, schema: string, against?: 'latest' | 'all'): Promise<boolean>;
  subjects(): Promise<string[]>;
  versions(subject: string): Promise<number[]>;
  version(subject: string, version: number): Promise<RegisteredVersion>;
}

/**
 * Every request has a deadline: a registry that accepts a connection and never answers fails the
 * call with a line naming the request instead of hanging the CLI. Register and lookup are
 * idempotent (identical text finds its version), so a timed-out one is tried again.
 */
export function createRegistryClient({
  url,
  timeoutMs = DEFAULT_REGISTRY_TIMEOUT_MS,
}: {
  readonly url: string;
  readonly timeoutMs?: number;
}): RegistryClient {
  const client = new SchemaRegistry({
    host: url,
    clientId: CLIENT_ID,
    middlewares: [() => ({ request: (request) => request.enhance({ timeout: timeoutMs }) })],
  });
  const path = (...parts: string[]): string => `${url}/${parts.map(encodeURIComponent).join('/')}`;

  const call = async <T>(
    method: string,
    target: string,
    body?: unknown,
  ): Promise<T | undefined> => {
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' },
        signal: AbortSignal.timeout(timeoutMs),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new RegistryError(
          `${method} ${target}: no answer within ${timeoutMs} ms`,
          undefined,
          true,
        );
      }
      throw error;
    }
    if (response.status === 404) return undefined;
    const text = await response.text();
    if (!response.ok) {
      throw new RegistryError(
        `${method} ${target}: ${response.status} ${registryMessage(text)}`,
        response.status,
      );
    }
    return JSON.parse(text) as T;
  };
  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new RegistryError(`${what}: not found (404)`, 404);
    return value;
  };

  return {
    url,
    async getCompatibility(subject) {
      const config = await call<{ compatibilityLevel?: string }>('GET', path('config', subject));
      return config?.compatibilityLevel?.toUpperCase();
    },
    async setCompatibility(subject, mode) {
      await call('PUT', path('config', subject), { compatibility: mode });
    },
    lookup(subject, schema) {
      return retryOnTimeout(`lookup of ${subject}`, async () => {
        try {
          return await client.getRegistryIdBySchema(subject, { type: SchemaType.AVRO, schema });
        } catch (error) {
          // The client turns the 404 (unknown subject, or no such schema) into this error, other
          // statuses into a ResponseError with `status`.
          if (error instanceof Error && error.name === 'ConfluentSchemaRegistryError')
            return undefined;
          throw asRegistryError(error);
        }
      });
    },
    register(subject, schema, mode) {
      return retryOnTimeout(`registration of ${subject}`, async () => {
        try {
          const { id } = await client.register(
            { type: SchemaType.AVRO, schema },
            // The client compares `compatibility` with the subject's config and refuses on a
            // mismatch; the config is set before, so this only guards against a race.
            { subject, compatibility: COMPATIBILITY[mode], updateConfig: false },
          );
          return id;
        } catch (error) {
          throw asRegistryError(error);
        }
      });
    },
    async testCompatibility(subject, schema, against = 'latest') {
      const target =
        against === 'latest'
          ? path('compatibility', 'subjects', subject, 'versions', 'latest')
          : path('compatibility', 'subjects', subject, 'versions');
      const answer = await call<{ is_compatible: boolean }>('POST', target, { schema });
      return required(answer, `compatibility of ${subject}`).is_compatible;
    },
    async subjects() {
      return (await call<string[]>('GET', path('subjects'))) ?? [];
    },
    async versions(subject) {
      return (await call<number[]>('GET', path('subjects', subject, 'versions'))) ?? [];
    },
    async version(subject, version) {
      const found = await call<RegisteredVersion>(
        'GET',
        path('subjects', subject, 'versions', String(version)),
      );
      return required(found, `${subject} version ${version}`);
    },
  };
}

function registryMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: string };
    return parsed.message ?? body;
  } catch {
    return body;
  }
}

async function retryOnTimeout<T>(what: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof RegistryError) || !error.timedOut) throw error;
      if (attempt === ATTEMPTS_ON_TIMEOUT) {
        throw new RegistryError(
          `${what}: ${error.message} (${ATTEMPTS_ON_TIMEOUT} attempts)`,
          undefined,
          true,
        );
      }
    }
  }
}

/** The kafkajs client's errors, as one line with the registry's own message and the status. */
function asRegistryError(error: unknown): RegistryError {
  if (!(error instanceof Error)) return new RegistryError(String(error));
  const status = (error as { status?: unknown }).status;
  const text = (
    error.message.startsWith(`${CLIENT_ID} - `)
      ? error.message.slice(CLIENT_ID.length + 3)
      : error.message
  )
    // Apicurio prefixes the Java exception class: noise in a one-line report.
    .replace(/^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*Exception: /, '');
  // mappersmith reports its own request timeout as a status 400 with "Timeout (N ms)".
  const timeout = /(?:^|: )Timeout \((\d+)ms\)$/.exec(text);
  if (timeout) return new RegistryError(`no answer within ${timeout[1]} ms`, undefined, true);
  const code = typeof status === 'number' ? status : undefined;
  return new RegistryError(code === undefined ? text : `${text} (HTTP ${code})`, code);
}
