// Reads a Compose file as `docker compose` does (YAML 1.2 with `<<` merge keys, so the shared
// `x-` definitions reach every service) and checks it against the Compose Specification's schema.
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The parsed document; a YAML error throws with its line and column. */
export function parseComposeFile(text: string): unknown {
  return parse(text, { merge: true, uniqueKeys: true });
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
