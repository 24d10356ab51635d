// Reads a Compose file as `docker compose` does (compose-go's loader: YAML 1.2 with `<<` merge keys,
// so the shared `x-` definitions reach every service; then variables interpolated; then checked
// against the Compose Specification's schema).
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The parsed document, not interpolated; a YAML error throws with its line and column. */
export function parseComposeFile(text: string): unknown {
  return parse(text, { merge: true, uniqueKeys: true });
}

/** `$$`, `${NAME}`, `${NAME:-default}`, `${NAME-default}` or `$NAME`, as Compose writes them. */
const VARIABLE =
  /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^${}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Every string value of the document with its variables replaced from `env` (a default applies
 * when the variable is unset, or also when empty with `:-`), `$$` becoming `$`; keys are left as
 * written, as Compose does. Any other `$` form throws naming the path.
 */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv, path = ''): unknown {
  if (typeof value === 'string') {
    if (value.replace(VARIABLE, '').includes('$')) {
      throw new Error(`${path || '/'}: unsupported variable syntax in ${JSON.stringify(value)}`);
    }
    return value.replace(
      VARIABLE,
      (_all, dollar?: string, name?: string, op?: string, fallback?: string, bare?: string) => {
        if (dollar) return '$';
        const set = env[name ?? bare ?? ''];
        if (op === ':-' && !set) return fallback ?? '';
        if (op === '-' && set === undefined) return fallback ?? '';
        return set ?? '';
      },
    );
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolate(item, env, `${path}/${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolate(item, env, `${path}/${key}`)]),
    );
  }
  return value;
}

/** One line per violation: the path in the document (JSON pointer) and what is wrong there. */
export type ComposeValidator = (document: unknown) => string[];

/**
 * A validator for the schema (draft 2020-12, as compose-spec.json declares). Ajv's strict mode
 * stays on (an unknown keyword in the schema is an error) except the two style checks
 * compose-spec.json does not follow: `properties` in `oneOf` branches without `type: object`, and
 * `required` naming properties a sibling branch defines.
 */
export function composeValidator(schema: Record<string, unknown>): ComposeValidator {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
  });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return (document) =>
    validate(document) ? [] : (validate.errors ?? []).map((error) => describe(error));
}

/** `<path>: <message>`, naming the offending key when the error is about an unexpected one. */
function describe(error: ErrorObject): string {
  const params = error.params as { additionalProperty?: string; unevaluatedProperty?: string };
  const key = params.additionalProperty ?? params.unevaluatedProperty;
  return `${error.instancePath || '/'}: ${error.message ?? error.keyword}${key ? ` (${key})` : ''}`;
}
